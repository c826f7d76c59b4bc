package dev.overtime.api.accounts.client;

import dev.overtime.api.upstream.ForwardRequestId;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The operator's account service (docs/contracts/accounts-openapi.yaml). */
@Path("/accounts")
@RegisterRestClient(configKey = "accounts")
@RegisterClientHeaders(ForwardRequestId.class)
@Produces(MediaType.APPLICATION_JSON)
interface AccountsRestClient {

    @GET
    @Path("/{owner}/entitlements")
    Entitlements entitlements(@PathParam("owner") String owner);
}
