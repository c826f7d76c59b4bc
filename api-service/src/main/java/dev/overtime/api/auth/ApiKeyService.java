package dev.overtime.api.auth;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.limits.OpenStreams;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues, checks and revokes API keys; only SHA-256 hashes of keys ever reach the database. A check answers from
 * memory when it can (a key valid within {@code overtime.api.key-cache-ttl}, a key unknown within
 * {@code overtime.api.limits.key-lookups.unknown-key-ttl}); a client address that keeps failing gets no lookups.
 */
// A revocation takes effect at once on the replica that made it (and closes the streams the key opened there), and
// within the key-cache TTL on the others (KeyRevalidation closes their streams).
@ApplicationScoped
public class ApiKeyService {

    // Every request hashes its key: a provider lookup per call showed in the profile of a 304 (docs/BENCHMARKS.md).
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(ApiKeyService::sha256);
    private static final HexFormat HEX = HexFormat.of();

    private static final String KEY_PREFIX = "ovt_";
    private static final int SHOWN_PREFIX_LENGTH = 12;
    private static final int REMEMBERED_KEYS = 10_000;
    private static final int REMEMBERED_UNKNOWN_KEYS = 100_000;

    private final SecureRandom random = new SecureRandom();
    private final RecentKeys recent;
    private final UnknownKeys unknown;
    // Job tokens name the key that minted them by id: the same memory as for keys, so a revoked key's tokens fail too.
    private final RecentKeys recentById;
    private final UnknownKeys revokedIds;
    private final FailedLookups failures;
    private final OpenStreams streams;
    private final AtomicLong databaseLookups = new AtomicLong();

    public ApiKeyService(ApiConfig config, OpenStreams streams) {
        this.recent = new RecentKeys(config.keyCacheTtl(), REMEMBERED_KEYS);
        this.unknown = new UnknownKeys(config.limits().keyLookups().unknownKeyTtl(), REMEMBERED_UNKNOWN_KEYS,
                System::nanoTime);
        this.recentById = new RecentKeys(config.keyCacheTtl(), REMEMBERED_KEYS);
        // A revoked key stays revoked: remembering that for the unknown-key TTL can never turn out wrong.
        this.revokedIds = new UnknownKeys(config.limits().keyLookups().unknownKeyTtl(), REMEMBERED_UNKNOWN_KEYS,
                System::nanoTime);
        this.failures = new FailedLookups(config.limits().keyLookups().failuresPerMinute(), System::nanoTime);
        this.streams = streams;
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

    /** Answers from memory without blocking, if it can: empty when only the database can tell. */
    public Optional<KeyCheck> checkRemembered(String presentedKey) {
        String keyHash = hash(presentedKey);
        Optional<ResolvedKey> remembered = recent.key(keyHash);
        if (remembered.isPresent()) {
            return Optional.of(new KeyCheck.Valid(remembered.get()));
        }
        return unknown.isKnownUnknown(keyHash) ? Optional.of(new KeyCheck.Invalid()) : Optional.empty();
    }

    /** Blocking (may read the key table): whether a presented key is valid, as seen from {@code clientAddress}. */
    public KeyCheck check(String presentedKey, String clientAddress) {
        Optional<KeyCheck> remembered = checkRemembered(presentedKey);
        if (remembered.isPresent()) {
            return remembered.get();
        }
        String keyHash = hash(presentedKey);
        FailedLookups.Reservation reservation = failures.reserve(clientAddress, keyHash);
        if (!reservation.allowed()) {
            return new KeyCheck.Throttled(reservation.retryAfterSeconds());
        }
        long mark = recent.revocationMark();
        databaseLookups.incrementAndGet();
        Optional<ResolvedKey> found = QuarkusTransaction.joiningExisting()
                .call(() -> ApiKey.findActiveByHash(keyHash).map(key -> new ResolvedKey(key.id, key.owner)));
        if (found.isEmpty()) {
            unknown.remember(keyHash);
            failures.failed(keyHash);
            return new KeyCheck.Invalid();
        }
        failures.succeeded(clientAddress, keyHash, reservation);
        recent.remember(keyHash, found.get(), mark);
        return new KeyCheck.Valid(found.get());
    }

    /** Like {@link #checkRemembered}, for the key with this id (the one a job token names). */
    public Optional<KeyCheck> checkRememberedId(UUID keyId) {
        String id = keyId.toString();
        Optional<ResolvedKey> remembered = recentById.key(id);
        if (remembered.isPresent()) {
            return Optional.of(new KeyCheck.Valid(remembered.get()));
        }
        return revokedIds.isKnownUnknown(id) ? Optional.of(new KeyCheck.Invalid()) : Optional.empty();
    }

    /**
     * Blocking: whether the key with this id is still active. Only authentic job tokens get here (their signature
     * was checked first), so made-up ids cannot drive lookups and need no per-address limit.
     */
    public KeyCheck checkId(UUID keyId) {
        Optional<KeyCheck> remembered = checkRememberedId(keyId);
        if (remembered.isPresent()) {
            return remembered.get();
        }
        String id = keyId.toString();
        long mark = recentById.revocationMark();
        databaseLookups.incrementAndGet();
        Optional<ResolvedKey> found = QuarkusTransaction.joiningExisting().call(() ->
                Optional.ofNullable(ApiKey.<ApiKey>findById(keyId)).filter(key -> key.revokedAt == null)
                        .map(key -> new ResolvedKey(key.id, key.owner)));
        if (found.isEmpty()) {
            revokedIds.remember(id);
            return new KeyCheck.Invalid();
        }
        recentById.remember(id, found.get(), mark);
        return new KeyCheck.Valid(found.get());
    }

    /** Keys looked up in the database since start: what a flood of made-up keys must not drive up. */
    public long databaseLookups() {
        return databaseLookups.get();
    }

    @Transactional
    public List<KeySummary> listFor(String owner) {
        return ApiKey.<ApiKey>list("owner", owner).stream()
                .map(k -> new KeySummary(k.id, k.owner, k.keyPrefix, k.createdAt, k.revokedAt))
                .toList();
    }

    /** Revokes a key and closes what it opened on this replica; false when there is no such key. */
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
        revoked.ifPresent(hash -> recentById.forget(id.toString()));
        revoked.ifPresent(failures::failed);
        revoked.ifPresent(hash -> streams.revoke(id));
        return revoked.isPresent();
    }

    /** Which of {@code ids} are revoked (or gone), in one query. */
    public Set<UUID> revokedAmong(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        List<UUID> active = QuarkusTransaction.joiningExisting().call(() -> ApiKey.getEntityManager()
                .createQuery("select k.id from ApiKey k where k.id in :ids and k.revokedAt is null", UUID.class)
                .setParameter("ids", ids).getResultList());
        Set<UUID> revoked = new HashSet<>(ids);
        revoked.removeAll(active);
        return revoked;
    }

    static String hash(String plain) {
        // digest() resets the instance for the next call on this thread.
        return HEX.formatHex(SHA_256.get().digest(plain.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public record IssuedKey(UUID id, String owner, String key, String prefix, Instant createdAt) {
    }

    public record KeySummary(UUID id, String owner, String prefix, Instant createdAt, Instant revokedAt) {
    }
}
