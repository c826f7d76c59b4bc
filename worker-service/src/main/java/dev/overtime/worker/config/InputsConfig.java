package dev.overtime.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How the worker fetches image inputs given as URLs ({@code image_url}, {@code mask_url}), under
 * {@code overtime.inputs.*} ({@code OVERTIME_INPUTS_ALLOW_LOOPBACK}, ...). The caps match the API's upload limits, so
 * a URL can't bring in what an upload could not; the SSRF rule is the webhooks' ({@code common.net.AddressPolicy}).
 */
@ConfigMapping(prefix = "overtime.inputs")
public interface InputsConfig {

    /**
     * Admit loopback and private addresses (RFC 1918, fc00::/7) as image hosts. For local testing only: in production
     * it lets any caller make the worker fetch from its own network (cloud metadata, databases, the cluster).
     */
    @WithDefault("false")
    boolean allowLoopback();

    /** The same URL named again within this long is served from the store, not fetched again (less if the host's Cache-Control says so). */
    @WithDefault("1h")
    Duration urlCacheTtl();

    /** Largest image a URL may serve; the API's {@code overtime.api.uploads.max-image-bytes}. */
    @WithDefault("50000000")
    long maxImageBytes();

    /** Largest mask a URL may serve; the API's {@code overtime.api.uploads.max-mask-bytes}. */
    @WithDefault("4000000")
    long maxMaskBytes();

    /** Connecting (TCP and TLS) to one address of the image host. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** From the request sent to the end of the response headers; also the longest a body may stall between reads. */
    @WithDefault("10s")
    Duration headerTimeout();

    /** The whole fetch of one URL, every redirect hop and the whole body included. */
    @WithDefault("60s")
    Duration timeout();

    /** Redirects followed per fetch; each hop is vetted again like the first. */
    @WithDefault("3")
    int maxRedirects();
}
