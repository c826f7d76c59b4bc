package dev.overtime.api.batch.service;

import dev.overtime.common.TimeOrderedIds;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.batch.persistence.ImageEditBatch;
import dev.overtime.api.batch.view.BatchReads;
import dev.overtime.api.batch.view.BatchView;
import dev.overtime.api.imageedit.persistence.ImageEditJob;
import dev.overtime.api.imageedit.service.Admission;
import dev.overtime.api.imageedit.service.IdempotencyKeys;
import dev.overtime.api.imageedit.service.ImageEditAdmission;
import dev.overtime.api.imageedit.service.ImageEditService;
import dev.overtime.api.imageedit.service.JobWriter;
import dev.overtime.api.imageedit.validation.EditRequest;
import dev.overtime.api.models.ModelNotice;
import dev.overtime.api.models.ModelRetirements;
import dev.overtime.api.owners.OwnerLimits;
import dev.overtime.api.owners.service.OwnerLimitsCache;
import dev.overtime.api.owners.service.OwnerReservations;
import dev.overtime.api.push.webhook.WebhookRegistrar;
import dev.overtime.api.request.CurrentDeadline;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.MDC;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Submits a batch: the one entry point behind {@code POST /v1/image-edit-batches}. Every item is validated first
 * ({@link BatchItems}), admitted by the upstreams once per distinct prompt, then the batch row, every item's job
 * (each an ordinary job with its outbox record), the credits for all of them and the Idempotency-Key's recorded
 * response commit in one transaction: a batch is accepted whole or not at all.
 */
@ApplicationScoped
public class BatchService {

    /** What a submit came to: a new batch (202), or the response recorded for this Idempotency-Key. */
    public sealed interface Submitted {

        /**
         * {@code modelNotice}: when an item's model is deprecated or retiring, the notice of the one retiring
         * soonest (the answer's {@code Deprecation} and {@code Sunset}); else null. Each item's job view has its own.
         */
        record Accepted(BatchView batch, ModelNotice modelNotice) implements Submitted {
        }

        record Replayed(int status, UUID batchId, String body) implements Submitted {
        }
    }

    private final BatchItems items;
    private final ImageEditAdmission admission;
    private final IdempotencyKeys keys;
    private final JobWriter jobs;
    private final BatchReads reads;
    private final CurrentDeadline deadline;
    private final WebhookRegistrar webhooks;
    private final ObjectMapper json;
    private final ModelRetirements retirements;
    private final OwnerReservations reservations;
    private final OwnerLimitsCache ownerLimits;

    public BatchService(BatchItems items, ImageEditAdmission admission, IdempotencyKeys keys, JobWriter jobs,
                        BatchReads reads, CurrentDeadline deadline, WebhookRegistrar webhooks, ObjectMapper json,
                        ModelRetirements retirements, OwnerReservations reservations, OwnerLimitsCache ownerLimits) {
        this.reservations = reservations;
        this.ownerLimits = ownerLimits;
        this.retirements = retirements;
        this.webhooks = webhooks;
        this.items = items;
        this.admission = admission;
        this.keys = keys;
        this.jobs = jobs;
        this.reads = reads;
        this.deadline = deadline;
        this.json = json;
    }

    public Submitted submit(String owner, String requestId, String idempotencyKey, JsonNode body) {
        String key = ImageEditService.checkedKey(idempotencyKey);
        if (key != null) {
            Optional<IdempotencyKeys.Recorded> recorded = keys.claim(owner, key, fingerprint(body));
            if (recorded.isPresent()) {
                IdempotencyKeys.Recorded r = recorded.get();
                Log.infof("Idempotent batch replay: batchId=%s status=%d", r.jobId(), r.status());
                return new Submitted.Replayed(r.status(), r.jobId(), r.body());
            }
        }
        try {
            List<BatchItems.Item> checked = items.validate(body);
            String metadata = BatchItems.metadata(body);
            BatchWebhook webhook = items.webhook(body);
            // Every item's priority within the owner's cap, before anything else is asked or stored.
            OwnerLimits limits = ownerLimits.of(owner);
            checked.forEach(item -> limits.priorityFor(item.options().priority()));
            // Upstreams first, outside the transaction, once per distinct prompt and model: a batch of 500 items
            // with one prompt asks moderation once.
            Map<String, Admission> admitted = new HashMap<>();
            for (BatchItems.Item item : checked) {
                EditRequest request = item.request();
                String admissionKey = request.model() + "\u0000" + request.n() + "\u0000" + request.prompt();
                if (!admitted.containsKey(admissionKey)) {
                    admitted.put(admissionKey, admission.admit(owner, request));
                }
            }
            // A batch the budget can't cover is refused whole, before anything is stored; reserve() decides for good.
            Optional<OwnerReservations.Budget> budget = reservations.precheckBudget(owner,
                    checked.stream().map(BatchItems.Item::request).toList());
            return QuarkusTransaction.requiringNew().call(() -> accept(owner, requestId, key, checked, metadata,
                    webhook, admitted, budget, limits));
        } catch (RuntimeException e) {
            if (key != null) {
                try {
                    keys.release(owner, key);
                } catch (RuntimeException again) {
                    Log.warnf("Could not release Idempotency-Key after a failed batch: %s", again.toString());
                }
            }
            throw e;
        }
    }

    private Submitted accept(String owner, String requestId, String key, List<BatchItems.Item> checked,
                             String metadata, BatchWebhook webhook, Map<String, Admission> admitted,
                             Optional<OwnerReservations.Budget> budget, OwnerLimits limits) {
        Admission any = admitted.values().iterator().next();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ImageEditBatch batch = new ImageEditBatch();
        batch.id = TimeOrderedIds.next();
        batch.owner = owner;
        batch.status = ImageEditBatch.RUNNING;
        batch.itemCount = checked.size();
        batch.metadata = metadata;
        batch.requestId = requestId;
        batch.createdAt = now;
        batch.updatedAt = now;
        batch.persist();
        // The batch row first: the items and its webhook reference it.
        ImageEditBatch.flush();
        if (webhook.batchCompleted()) {
            webhooks.registerBatch(batch.id, owner, webhook.url());
        }
        List<UUID> jobIds = new ArrayList<>(checked.size());
        for (int i = 0; i < checked.size(); i++) {
            BatchItems.Item item = checked.get(i);
            EditRequest request = item.request();
            Admission admission = admitted.get(request.model() + "\u0000" + request.n() + "\u0000" + request.prompt());
            ImageEditJob job = jobs.create(TimeOrderedIds.next(), owner, requestId, request, item.options(), admission,
                    item.inputHash(), List.of(), limits.priorityFor(item.options().priority()));
            job.batchId = batch.id;
            job.batchIndex = item.index();
            webhooks.register(job.id, owner, webhook.items());
            jobIds.add(job.id);
        }
        // Each job's writer named it in the log context; what follows is about the batch.
        MDC.remove("jobId");
        // All items' estimates, credits and queue places at once: a batch that does not fit is refused whole.
        reservations.reserve(owner, budget, jobIds, any.entitlements(),
                checked.stream().mapToInt(item -> item.request().n()).sum(), limits);
        ImageEditBatch.flush();
        Log.infof("Image edit batch accepted: batchId=%s items=%d", batch.id, checked.size());
        BatchView view = reads.summary(batch);
        if (key != null) {
            keys.complete(owner, key, batch.id, 202, write(view));
        }
        // Last step before the commit: if the request deadline already answered, this rolls everything back.
        deadline.get().claimCompletion();
        ModelNotice notice = retirements.soonest(checked.stream().map(item -> item.request().model()).toList())
                .orElse(null);
        return new Submitted.Accepted(view, notice);
    }

    // The body as parsed, re-serialised: the same JSON sent again hashes the same.
    private static String fingerprint(JsonNode body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("batch:" + body).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("views always serialise", e);
        }
    }
}
