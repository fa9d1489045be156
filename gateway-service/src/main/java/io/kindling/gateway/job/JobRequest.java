package io.kindling.gateway.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.web.multipart.MultipartFile;

/**
 * A job submission as it came: the spec text (YAML or JSON, as written) and, when sent with it, the job's code.
 *
 * @param code the uploaded code part, or {@code null}
 */
record JobRequest(String spec, MultipartFile code) {

    /**
     * What an {@code Idempotency-Key} retry must repeat: the spec text, and the code's file name and size (the
     * upload is not hashed, so a retry costs no second read of a large jar).
     */
    String fingerprint() {
        String text = spec + "\0" + (code == null ? "" : code.getOriginalFilename() + "\0" + code.getSize());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
