package dev.overtime.api.owners.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.api.auth.AdminResource;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.operations.AdminAccess;
import dev.overtime.api.owners.service.OwnerLimitsService;
import dev.overtime.api.owners.service.OwnerLimitsView;
import dev.overtime.common.ErrorCode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Operators set each owner's limits: {@code PUT /admin/owners/{owner}/limits} replaces them (every field optional;
 * an absent one is the configured default), {@code GET} the same path shows those in effect, {@code GET /admin/owners}
 * lists the owners that have their own, by name ({@code ?after=<owner>&limit=}). Behind the admin token.
 */
@Path("/admin/owners")
@Produces(MediaType.APPLICATION_JSON)
public class OwnerLimitsResource {

    private final OwnerLimitsService limits;
    private final AdminAccess admin;

    public OwnerLimitsResource(OwnerLimitsService limits, AdminAccess admin) {
        this.limits = limits;
        this.admin = admin;
    }

    @GET
    public List<OwnerLimitsView> list(@HeaderParam("Authorization") String authorization,
                                      @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        admin.require(authorization);
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > 1000) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "limit must be from 1 to 1000.", "limit");
        }
        return limits.list(after, size);
    }

    @GET
    @Path("/{owner}/limits")
    public OwnerLimitsView get(@HeaderParam("Authorization") String authorization, @PathParam("owner") String owner) {
        admin.require(authorization);
        return limits.get(checked(owner));
    }

    @PUT
    @Path("/{owner}/limits")
    @Consumes(MediaType.APPLICATION_JSON)
    public OwnerLimitsView replace(@HeaderParam("Authorization") String authorization,
                                   @PathParam("owner") String owner, JsonNode body) {
        admin.require(authorization);
        return limits.replace(checked(owner), LimitsRequest.parse(body));
    }

    private static String checked(String owner) {
        if (owner == null || !AdminResource.OWNER.matcher(owner).matches()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "owner must be 1-128 letters, digits or . _ @ -", "owner");
        }
        return owner;
    }
}
