package dev.overtime.api.auth;

import dev.overtime.api.config.ApiConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Issues, resolves and revokes API keys; only SHA-256 hashes of keys ever reach the database. */
// A resolved key is remembered for overtime.api.key-cache-ttl: a revocation takes effect at once on the replica
// that made it and within that time on the others.
@ApplicationScoped
public class ApiKeyService {

    private static final String KEY_PREFIX = "ovt_";
    private static final int SHOWN_PREFIX_LENGTH = 12;
    private static final int REMEMBERED_KEYS = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final RecentKeys recent;

    public ApiKeyService(ApiConfig config) {
        this.recent = new RecentKeys(config.keyCacheTtl(), REMEMBERED_KEYS);
    }

    /** A new key; the plain value exists only in the returned record. */
    @Transactional
    public IssuedKey issue(String owner) {
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        String plain = KEY_PREFIX + HexFormat.of().formatHex(secret);
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.owner = owner;
        key.keyHash = hash(plain);
        key.keyPrefix = plain.substring(0, SHOWN_PREFIX_LENGTH);
        key.createdAt = Instant.now();
        key.persist();
        return new IssuedKey(key.id, owner, plain, key.keyPrefix, key.createdAt);
    }

    /** The owner a presented key belongs to, if the key is known and not revoked. */
    public Optional<String> ownerOf(String presentedKey) {
        String keyHash = hash(presentedKey);
        Optional<String> remembered = recent.owner(keyHash);
        if (remembered.isPresent()) {
            return remembered;
        }
        long mark = recent.revocationMark();
        Optional<String> owner = QuarkusTransaction.joiningExisting()
                .call(() -> ApiKey.findActiveByHash(keyHash).map(key -> key.owner));
        owner.ifPresent(found -> recent.remember(keyHash, found, mark));
        return owner;
    }

    @Transactional
    public List<KeySummary> listFor(String owner) {
        return ApiKey.<ApiKey>list("owner", owner).stream()
                .map(k -> new KeySummary(k.id, k.owner, k.keyPrefix, k.createdAt, k.revokedAt))
                .toList();
    }

    /** Revokes a key; false when there is no such key. */
    public boolean revoke(UUID id) {
        Optional<String> revoked = QuarkusTransaction.requiringNew().call(() -> {
            ApiKey key = ApiKey.findById(id);
            if (key == null) {
                return Optional.<String>empty();
            }
            if (key.revokedAt == null) {
                key.revokedAt = Instant.now();
            }
            return Optional.of(key.keyHash);
        });
        // After the commit: a request resolving the key from now on sees it revoked.
        revoked.ifPresent(recent::forget);
        return revoked.isPresent();
    }

    static String hash(String plain) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plain.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public record IssuedKey(UUID id, String owner, String key, String prefix, Instant createdAt) {
    }

    public record KeySummary(UUID id, String owner, String prefix, Instant createdAt, Instant revokedAt) {
    }
}
