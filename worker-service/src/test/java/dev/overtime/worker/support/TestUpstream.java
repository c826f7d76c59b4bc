package dev.overtime.worker.support;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.eclipse.microprofile.config.ConfigProvider;

import java.net.URI;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/** The fake OpenAI as tests see it: stubs and recorded requests, addressed by the edit's unique prompt. */
public final class TestUpstream {

    public static final String EDITS_PATH = "/v1/images/edits";

    private final WireMock admin;

    private TestUpstream(WireMock admin) {
        this.admin = admin;
    }

    public static TestUpstream fromConfig() {
        URI base = URI.create(ConfigProvider.getConfig().getValue("overtime.worker.openai.base-url", String.class));
        return new TestUpstream(new WireMock(base.getHost(), base.getPort()));
    }

    public WireMock admin() {
        return admin;
    }

    /** Answers edits with this prompt with {@code response}. */
    public void whenPrompt(String prompt, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        admin.register(post(urlEqualTo(EDITS_PATH))
                .withMultipartRequestBody(aMultipart().withName("prompt").withBody(equalTo(prompt)))
                .willReturn(response));
    }

    public static RequestPatternBuilder editsWithPrompt(String prompt) {
        return postRequestedFor(urlEqualTo(EDITS_PATH))
                .withRequestBodyPart(aMultipart().withName("prompt").withBody(equalTo(prompt)).build());
    }

    public List<LoggedRequest> received(RequestPatternBuilder pattern) {
        return admin.find(pattern);
    }
}
