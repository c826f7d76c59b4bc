package dev.overtime.api.cost.usage;

import dev.overtime.api.auth.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.time.Instant;

/** {@code GET /v1/usage}: what the caller's edits used and cost over a range, in total and grouped. */
@Path("/v1/usage")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private final UsageReports reports;
    private final Caller caller;

    public UsageResource(UsageReports reports, Caller caller) {
        this.reports = reports;
        this.caller = caller;
    }

    @GET
    public UsageReport usage(
            @Parameter(description = "Inclusive: a UTC date (2026-12-01) or an instant; default the start of this month")
            @QueryParam("from") String from,
            @Parameter(description = "Exclusive instant, or a UTC date that includes its whole day; default the end of"
                    + " today; at most 400 days after from") @QueryParam("to") String to,
            @Parameter(description = "model, day or model,day") @QueryParam("groupBy") String groupBy) {
        return reports.of(caller.owner(), UsageQuery.parse(from, to, groupBy, Instant.now()));
    }
}
