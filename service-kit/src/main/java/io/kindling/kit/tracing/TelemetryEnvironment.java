package io.kindling.kit.tracing;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads the standard OpenTelemetry SDK variables ({@code OTEL_EXPORTER_OTLP_ENDPOINT},
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_METRICS_ENDPOINT},
 * {@code OTEL_EXPORTER_OTLP_PROTOCOL}, {@code OTEL_EXPORTER_OTLP_HEADERS}, {@code OTEL_TRACES_SAMPLER},
 * {@code OTEL_TRACES_SAMPLER_ARG}, {@code OTEL_SDK_DISABLED}) into Spring Boot's settings, so a service is
 * configured as any OpenTelemetry-instrumented program is. ({@code OTEL_SERVICE_NAME} and
 * {@code OTEL_RESOURCE_ATTRIBUTES} Spring Boot reads itself.)
 *
 * <p>Traces are sampled only when they go somewhere: an OTLP endpoint, or the span file of the embedded default
 * ({@code kindling.tracing.file}). Without either, spans still get ids, so logs carry a trace id.
 * Anything set explicitly in Spring's own properties wins: this source sits below the application's
 * configuration and above the Kindling defaults.
 *
 * <p>It also sets the log line's correlation part: the trace and span ids, then the session or job the line is
 * about. (Logging starts before the Kindling defaults file is read, so that setting must come from here.)
 */
public class TelemetryEnvironment implements EnvironmentPostProcessor {

    static final String SOURCE = "kindling-telemetry-environment";
    static final String CORRELATION = "[%X{traceId:-},%X{spanId:-}] %X{sessionId:-}%X{jobId:-} ";
    private static final String TRACING = "management.opentelemetry.tracing.export.otlp.";
    private static final String METRICS = "management.otlp.metrics.export.";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Map<String, Object> props = new HashMap<>();
        props.put("logging.pattern.correlation", CORRELATION);
        String base = text(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
        boolean grpc = "grpc".equalsIgnoreCase(text(env, "OTEL_EXPORTER_OTLP_PROTOCOL"));
        String traces = first(text(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), signal(base, "traces", grpc));
        String metrics = first(text(env, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"), signal(base, "metrics", false));
        if (traces != null) {
            props.put(TRACING + "endpoint", traces);
            props.put(TRACING + "transport", grpc ? "grpc" : "http");
        }
        // micrometer-registry-otlp comes with the OpenTelemetry starter and pushes to localhost unless told not to
        props.put(METRICS + "enabled", metrics != null);
        if (metrics != null) {
            props.put(METRICS + "url", metrics);
        }
        String headers = text(env, "OTEL_EXPORTER_OTLP_HEADERS");
        if (headers != null) {
            for (String pair : headers.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    props.put(TRACING + "headers." + pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                    props.put(METRICS + "headers." + pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
        }
        boolean exported = traces != null || text(env, "kindling.tracing.file") != null;
        props.put("management.tracing.sampling.probability", probability(env, exported));
        if ("true".equalsIgnoreCase(text(env, "OTEL_SDK_DISABLED"))) {
            props.put("management.tracing.enabled", false);
        }
        env.getPropertySources().addLast(new MapPropertySource(SOURCE, props));
    }

    /** {@code OTEL_TRACES_SAMPLER} (always_on, always_off, traceidratio and their parentbased_ forms). */
    private static double probability(ConfigurableEnvironment env, boolean exported) {
        String sampler = text(env, "OTEL_TRACES_SAMPLER");
        String arg = text(env, "OTEL_TRACES_SAMPLER_ARG");
        if (sampler == null) {
            return exported ? 1.0 : 0.0;
        }
        return switch (sampler.toLowerCase(Locale.ROOT).replace("parentbased_", "")) {
            case "always_on" -> 1.0;
            case "always_off" -> 0.0;
            case "traceidratio" -> arg == null ? 1.0 : Double.parseDouble(arg);
            default -> throw new IllegalArgumentException("OTEL_TRACES_SAMPLER=" + sampler
                    + " is not supported; use always_on, always_off or traceidratio (optionally parentbased_)");
        };
    }

    private static String signal(String base, String signal, boolean grpc) {
        if (base == null) {
            return null;
        }
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return grpc ? trimmed : trimmed + "/v1/" + signal;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static String text(ConfigurableEnvironment env, String name) {
        String value = env.getProperty(name);
        return value == null || value.isBlank() ? null : value;
    }
}
