package dev.overtime.api.push.webhook;

import dev.overtime.api.error.ApiException;
import dev.overtime.api.imageedit.validation.WebhookRequest;
import dev.overtime.api.imageedit.validation.WebhookRequestCheck;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.config.PushConfig;
import dev.overtime.common.ErrorCode;
import dev.overtime.common.net.AddressPolicy;
import dev.overtime.common.net.AddressPolicy.Admit;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides where webhooks may go. A webhook URL is chosen by the caller and fetched by us, so it
 * must not reach our own network: every address the host resolves to must be public (nothing in the
 * IANA special-purpose registries, no IPv6 form that embeds IPv4: the shared {@link AddressPolicy}, which image inputs use too), and only https is used —
 * except plain http to loopback when {@code overtime.api.webhooks.allow-loopback} is on (local stack). The host is
 * resolved once per check; {@link #vet} hands the addresses it judged to the sender, which connects to nothing else.
 */
@ApplicationScoped
public class WebhookUrlPolicy implements WebhookRequestCheck {

    public static final Set<String> EVENTS = Set.of("started", "succeeded", "failed", "canceled", "partial_image");
    private static final Set<String> COMPLETED = Set.of("succeeded", "failed", "canceled");
    private static final int MAX_URL_LENGTH = 2048;

    private final PushConfig.Webhooks config;

    public WebhookUrlPolicy(ApiConfig config) {
        this.config = config.push().webhooks();
    }

    @Override
    public WebhookRequest check(String url, String events) {
        if (url == null || url.isBlank()) {
            if (events != null && !events.isBlank()) {
                throw invalid("webhook_events needs a webhook URL.", "webhook_events");
            }
            return null;
        }
        URI uri = parse(url.trim());
        vet(uri);
        return new WebhookRequest(uri.toString(), parseEvents(events));
    }

    /**
     * Resolves the host once and returns the addresses a call may go to; throws unless every one is allowed. Checked
     * again before every delivery attempt (DNS answers change), and the attempt connects to exactly these addresses.
     */
    VettedUrl vet(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw invalid("webhook must be an https URL.", "webhook");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw invalid("webhook must be an https URL with a host and no credentials.", "webhook");
        }
        List<InetAddress> addresses;
        try {
            addresses = AddressPolicy.resolve(uri.getHost(), config.allowLoopback() ? Admit.LOOPBACK : Admit.PUBLIC);
        } catch (AddressPolicy.RefusedAddress e) {
            throw invalid(switch (e.reason()) {
                case UNRESOLVED -> "webhook host " + uri.getHost() + " does not resolve.";
                case LOOPBACK -> "webhook may not point at a loopback address.";
                case SPECIAL_PURPOSE -> "webhook may not point at a private, internal or special-purpose address.";
            }, "webhook");
        }
        boolean allLoopback = addresses.stream().allMatch(InetAddress::isLoopbackAddress);
        if (scheme.equals("http") && !(allLoopback && config.allowLoopback())) {
            throw invalid("webhook must use https.", "webhook");
        }
        return new VettedUrl(uri, addresses);
    }

    private static URI parse(String url) {
        if (url.length() > MAX_URL_LENGTH) {
            throw invalid("webhook URL is longer than " + MAX_URL_LENGTH + " characters.", "webhook");
        }
        try {
            return new URI(url).normalize();
        } catch (URISyntaxException e) {
            throw invalid("webhook is not a valid URL.", "webhook");
        }
    }

    private static Set<String> parseEvents(String events) {
        if (events == null || events.isBlank()) {
            return COMPLETED;
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String raw : events.split(",")) {
            String event = raw.trim().toLowerCase(Locale.ROOT);
            if (event.equals("completed")) {
                chosen.addAll(COMPLETED);
            } else if (EVENTS.contains(event)) {
                chosen.add(event);
            } else if (!event.isEmpty()) {
                throw invalid("Unknown webhook event '" + (event.length() > 32 ? event.substring(0, 32) : event)
                        + "'. Known: started, succeeded, failed, canceled, partial_image, completed.", "webhook_events");
            }
        }
        return chosen.isEmpty() ? COMPLETED : Set.copyOf(chosen);
    }

    private static ApiException invalid(String message, String param) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, message, param);
    }
}
