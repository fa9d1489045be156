package io.kindling.gateway.runtime;

import io.kindling.kit.problem.ApiProblem;
import io.kindling.kit.runtime.RuntimeSupport;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * What the API says about a runtime's support (see {@link RuntimeSupport}): a retired one is refused (400
 * {@code RUNTIME_RETIRED}, naming its last day and the supported runtimes); a deprecated one runs, and each answer
 * about a session or job on it carries {@code runtimeSupport} and, on its creation, the {@code Deprecation} (RFC 9745)
 * and {@code Sunset} (RFC 8594) headers.
 */
@Component
public class RuntimeNotices {

    private final RuntimeSupport support;

    RuntimeNotices(RuntimeSupport support) {
        this.support = support;
    }

    /** @throws ApiProblem 400 {@code RUNTIME_RETIRED} naming {@code field} if {@code version} is retired */
    public void refuseRetired(String version, String field) {
        support.refusal(version).ifPresent(reason -> {
            throw ApiProblem.badRequest("RUNTIME_RETIRED", reason).with("field", field)
                    .with("endOfSupport", support.status(version).endOfSupport().toString())
                    .with("supported", support.supported());
        });
    }

    /** The {@code runtimeSupport} field of a session or job on {@code version}, if its runtime is not plainly supported. */
    public Optional<Map<String, Object>> notice(String version) {
        if (version == null) {
            return Optional.empty();
        }
        return support.warning(version).map(message -> {
            RuntimeSupport.Status status = support.status(version);
            Map<String, Object> notice = new LinkedHashMap<>();
            notice.put("state", "deprecated");
            if (status.announced() != null) {
                notice.put("endOfSupportAnnounced", status.announced().toString());
            }
            if (status.endOfSupport() != null) {
                notice.put("endOfSupport", status.endOfSupport().toString());
            }
            notice.put("message", message);
            return notice;
        });
    }

    /** The deprecation headers of an answer that creates a session or job on {@code version}. */
    public HttpHeaders headers(String version) {
        HttpHeaders headers = new HttpHeaders();
        if (version == null || support.warning(version).isEmpty()) {
            return headers;
        }
        RuntimeSupport.Status status = support.status(version);
        LocalDate since = status.announced() != null ? status.announced() : LocalDate.now(ZoneOffset.UTC);
        headers.add("Deprecation", "@" + since.atStartOfDay(ZoneOffset.UTC).toEpochSecond());
        if (status.endOfSupport() != null) {
            // the moment it stops: the start of the day after its last supported one
            ZonedDateTime sunset = status.endOfSupport().plusDays(1).atStartOfDay(ZoneOffset.UTC);
            headers.add("Sunset", DateTimeFormatter.RFC_1123_DATE_TIME.format(sunset));
        }
        headers.add(HttpHeaders.LINK, "</api/v1/runtimes>; rel=\"deprecation\"");
        return headers;
    }
}
