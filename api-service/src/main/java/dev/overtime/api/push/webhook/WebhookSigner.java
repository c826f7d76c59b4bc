package dev.overtime.api.push.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Standard Webhooks signatures: {@code v1,} + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)),
 * where the key is the base64 after {@code whsec_}. With several active secrets (rotation) the
 * header carries one signature per secret, space-separated, and receivers accept any match.
 */
public final class WebhookSigner {

    public static final String SECRET_PREFIX = "whsec_";

    private WebhookSigner() {
    }

    public static String signatures(List<String> secrets, String id, long timestampSeconds, String body) {
        return secrets.stream().map(secret -> sign(secret, id, timestampSeconds, body)).collect(Collectors.joining(" "));
    }

    public static String sign(String secret, String id, long timestampSeconds, String body) {
        byte[] key = Base64.getDecoder().decode(secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
