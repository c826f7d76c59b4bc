package dev.overtime.api.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Real HTTP servers (WireMock) for the API's three upstreams, shared JVM-wide, answering fast and
 * favourably by default so that tests about other things are not affected by them.
 */
public final class UpstreamStubs implements QuarkusTestResourceLifecycleManager {

    public static final String MODERATION_PATH = "/v1/moderations";
    public static final String PRESETS_PATH = "/presets";
    public static final String API_KEY = "sk-test-moderation";

    public static final String NOT_FLAGGED = """
            {"id":"modr-1","model":"omni-moderation-latest","results":[{"flagged":false,"categories":{"violence":false}}]}""";
    public static final String FLAGGED = """
            {"id":"modr-2","model":"omni-moderation-latest","results":[{"flagged":true,"categories":{"violence":true,"harassment":false}}]}""";
    public static final String PRO_PLAN = """
            {"owner":"any","plan":"pro","remainingCredits":1000,"allowedModels":[],"maxN":10}""";
    public static final String PRESETS = """
            {"presets":[{"name":"studio-portrait","promptTemplate":"Light {subject} like a studio portrait","size":"1024x1024","quality":"high"}]}""";

    public static final StubbedUpstream MODERATION = new StubbedUpstream("moderation", server ->
            server.stubFor(post(urlEqualTo(MODERATION_PATH)).willReturn(json(NOT_FLAGGED))));
    public static final StubbedUpstream ACCOUNTS = new StubbedUpstream("accounts", server ->
            server.stubFor(get(urlPathMatching("/accounts/[^/]+/entitlements")).willReturn(json(PRO_PLAN))));
    public static final StubbedUpstream PRESETS_SERVICE = new StubbedUpstream("presets", server ->
            server.stubFor(get(urlEqualTo(PRESETS_PATH)).willReturn(json(PRESETS))));

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    public static void resetAll() {
        MODERATION.reset();
        ACCOUNTS.reset();
        PRESETS_SERVICE.reset();
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.rest-client.moderation.url", MODERATION.baseUrl() + "/v1",
                "overtime.api.moderation.api-key", API_KEY,
                "quarkus.rest-client.accounts.url", ACCOUNTS.baseUrl(),
                "quarkus.rest-client.presets.url", PRESETS_SERVICE.baseUrl());
    }

    @Override
    public void stop() {
        // The servers outlive each test application so every profile in this JVM reuses their ports.
    }
}
