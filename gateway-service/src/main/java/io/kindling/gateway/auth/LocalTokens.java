package io.kindling.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The embedded default's tokens: HS256 JWTs signed with a 256-bit key kept in a file only its owner can read.
 * The gateway verifies them; {@code bin/kindling token} and the tests mint them.
 */
public final class LocalTokens {

    /** The {@code iss} of every local token; the gateway accepts no other in local mode. */
    public static final String ISSUER = "kindling-local";
    private static final int KEY_BYTES = 32;

    private final SecretKey key;
    private final Clock clock;

    private LocalTokens(SecretKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /** The key in {@code file}, made (readable by this user only) if there is none yet. */
    public static LocalTokens fromKeyFile(Path file, Clock clock) {
        return new LocalTokens(loadOrCreate(file), clock);
    }

    SecretKey key() {
        return key;
    }

    /**
     * A token for {@code user} in {@code workspace}, valid for {@code ttl} from now (a negative ttl gives one that
     * has expired, for tests).
     */
    public String mint(String user, String workspace, List<String> roles, Duration ttl) {
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        // an expired token was still issued before it expired
        Instant issued = ttl.isNegative() ? expires.minus(Duration.ofMinutes(1)) : now;
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(user).claim("workspace", workspace)
                .claim("roles", roles).issueTime(Date.from(issued)).expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a token failed", e);
        }
        return jwt.serialize();
    }

    private static SecretKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            requirePrivate(file);
            byte[] bytes = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (bytes.length < KEY_BYTES) {
                throw new IllegalStateException("the token signing key in " + file + " has " + bytes.length
                        + " bytes; HS256 needs at least " + KEY_BYTES);
            }
            return new SecretKeySpec(bytes, "HmacSHA256");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token signing key " + file, e);
        }
    }

    /**
     * A key anyone else could have written or read would sign anyone's tokens: the file must be a regular file (not
     * a link to one), owned by this process's user, readable and writable by that user only.
     */
    static void requirePrivate(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("the token signing key " + file + " is not a regular file (a link, or a "
                    + "directory); replace it with the key itself, mode 600");
        }
        String owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
        String me = System.getProperty("user.name");
        if (!owner.equals(me)) {
            throw new IllegalStateException("the token signing key " + file + " belongs to " + owner + ", not to "
                    + me + " who runs the gateway: chown it, or remove it for a new one");
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> others = EnumSet.complementOf(EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE));
        others.retainAll(mode);
        if (!others.isEmpty()) {
            throw new IllegalStateException("the token signing key " + file + " has mode "
                    + PosixFilePermissions.toString(mode) + "; only its owner may read it: chmod 600 it (and consider "
                    + "it leaked: remove it for a new one, which ends every token signed with it)");
        }
    }

    /** Written to a private temporary file and linked into place, so a reader never sees half a key. */
    private static void create(Path file) throws IOException {
        Path dir = Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        Path temp = Files.createTempFile(dir, ".signing-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, Base64.getEncoder().encodeToString(bytes) + "\n", StandardCharsets.US_ASCII);
            try {
                // a hard link never replaces an existing file, unlike a rename
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException raced) {
                // another process made it first: use theirs
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
