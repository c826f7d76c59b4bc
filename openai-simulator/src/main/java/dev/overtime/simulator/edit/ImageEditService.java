package dev.overtime.simulator.edit;

import dev.overtime.simulator.behaviour.ApiKeyCheck;
import dev.overtime.simulator.behaviour.Behaviour;
import dev.overtime.simulator.behaviour.BehaviourSettings;
import dev.overtime.simulator.behaviour.Fault;
import dev.overtime.simulator.behaviour.Latency;
import dev.overtime.simulator.behaviour.RenderPool;
import dev.overtime.simulator.behaviour.RequestPacer;
import dev.overtime.simulator.config.SimulatorConfig;
import dev.overtime.simulator.error.Errors;
import dev.overtime.simulator.moderation.ModerationClassifier;
import dev.overtime.simulator.stats.Outcome;
import dev.overtime.simulator.stats.SimulatorStats;
import dev.overtime.simulator.stats.TrackedRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * Answers one image edit: authenticate, maybe fail fast, validate, wait out the latency on a timer,
 * maybe fail late, then render on the bounded render pool.
 */
@ApplicationScoped
public class ImageEditService {

    // Where a paced stream is rendered and then written, sleeping between its events.
    private static final Executor PACED_WRITERS = Executors.newVirtualThreadPerTaskExecutor();

    private final ApiKeyCheck apiKeys;
    private final BehaviourSettings settings;
    private final RequestPacer pacer;
    private final EditFormReader reader;
    private final EditValidator validator;
    private final EditProducer producer;
    private final RenderPool renderPool;
    private final SimulatorStats stats;
    private final List<String> blockedWords;
    private final String defaultModel;

    public ImageEditService(ApiKeyCheck apiKeys, BehaviourSettings settings, RequestPacer pacer, EditFormReader reader,
            EditValidator validator, EditProducer producer, RenderPool renderPool, SimulatorStats stats,
            SimulatorConfig config) {
        this.apiKeys = apiKeys;
        this.settings = settings;
        this.pacer = pacer;
        this.reader = reader;
        this.validator = validator;
        this.producer = producer;
        this.renderPool = renderPool;
        this.stats = stats;
        this.blockedWords = config.moderation().blockedWords().stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
        this.defaultModel = config.defaultModel();
    }

    public Uni<Response> edit(String authorization, MultipartFormDataInput input) {
        long arrived = System.nanoTime();
        Behaviour behaviour = settings.edits();
        TrackedRequest tracked = TrackedRequest.start(stats.edits());
        return tracked.around(Uni.createFrom().deferred(() -> {
            apiKeys.check(authorization);
            EditForm form = reader.read(input);
            Optional<Fault> fault = behaviour.faults().roll();
            pacer.failFast(fault, form.field("model").orElse(defaultModel));
            if (fault.filter(f -> f == Fault.HANG).isPresent()) {
                tracked.countAbandonmentAs(Outcome.HANG);
            }
            EditPlan fields = validator.validateFields(form);
            boolean paced = fields.stream() && fault.filter(f -> f == Fault.SLOW_STREAM).isPresent();
            return Uni.createFrom().item(() -> validator.validateImages(fields))
                    .runSubscriptionOn(renderPool.executor())
                    .call(plan -> pacer.hold(paced ? Latency.NONE : behaviour.latency(), fault, arrived))
                    .invoke(plan -> blockIfUnsafe(plan, fault))
                    .emitOn(paced ? PACED_WRITERS : renderPool.executor())
                    .map(plan -> paced ? pacedStream(plan, behaviour.latency().sample()) : answer(plan));
        }));
    }

    // A blocked word is the prompt's fault (stage input); an injected fault plays the rendered image being refused
    // (stage output), which is what a prompt that passed moderation can still run into.
    private void blockIfUnsafe(EditPlan plan, Optional<Fault> fault) {
        String prompt = plan.prompt().toLowerCase(Locale.ROOT);
        if (blockedWords.stream().anyMatch(prompt::contains)) {
            throw Errors.moderationBlocked("input", List.of(ModerationClassifier.FLAGGED_CATEGORY));
        }
        if (fault.filter(f -> f == Fault.MODERATION_BLOCKED).isPresent()) {
            throw Errors.moderationBlocked("output", List.of(ModerationClassifier.FLAGGED_CATEGORY));
        }
    }

    // Rendered, then written event by event with the latency spread between them. Both happen on the virtual thread
    // the answer was emitted on (PACED_WRITERS), so the sleeps never hold the render pool or an event loop.
    private Response pacedStream(EditPlan plan, Duration latency) {
        List<String> events = producer.streamEvents(plan);
        long gapMillis = latency.toMillis() / Math.max(1, events.size());
        StreamingOutput body = out -> {
            for (int i = 0; i < events.size(); i++) {
                if (i > 0) {
                    try {
                        Thread.sleep(gapMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                out.write(events.get(i).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        };
        return Response.ok(body, MediaType.SERVER_SENT_EVENTS_TYPE).build();
    }

    private Response answer(EditPlan plan) {
        if (plan.stream()) {
            return Response.ok(producer.stream(plan), MediaType.SERVER_SENT_EVENTS_TYPE).build();
        }
        return Response.ok(producer.respond(plan), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
