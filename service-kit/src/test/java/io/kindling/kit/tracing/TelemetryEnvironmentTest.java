package io.kindling.kit.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class TelemetryEnvironmentTest {

    private static MockEnvironment processed(String... pairs) {
        MockEnvironment env = new MockEnvironment();
        for (int i = 0; i < pairs.length; i += 2) {
            env.setProperty(pairs[i], pairs[i + 1]);
        }
        new TelemetryEnvironment().postProcessEnvironment(env, null);
        return env;
    }

    @Test
    void withoutAnExporterNothingIsSampledOrPushedButLogsStillCorrelate() {
        MockEnvironment env = processed();
        assertThat(env.getProperty("management.tracing.sampling.probability")).isEqualTo("0.0");
        assertThat(env.containsProperty("management.opentelemetry.tracing.export.otlp.endpoint")).isFalse();
        assertThat(env.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
        assertThat(env.getProperty("logging.pattern.correlation")).contains("%X{traceId", "%X{sessionId");
    }

    @Test
    void theStandardEndpointVariableSendsTracesAndMetricsOverHttp() {
        MockEnvironment env = processed("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/",
                "OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=abc, tenant=t1");
        assertThat(env.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isEqualTo("http://collector:4318/v1/traces");
        assertThat(env.getProperty("management.opentelemetry.tracing.export.otlp.transport")).isEqualTo("http");
        assertThat(env.getProperty("management.otlp.metrics.export.url")).isEqualTo("http://collector:4318/v1/metrics");
        assertThat(env.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("true");
        assertThat(env.getProperty("management.opentelemetry.tracing.export.otlp.headers.tenant")).isEqualTo("t1");
        assertThat(env.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
    }

    @Test
    void signalEndpointsGrpcSamplerAndDisableAreHonoured() {
        MockEnvironment env = processed("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_TRACES_SAMPLER", "parentbased_traceidratio",
                "OTEL_TRACES_SAMPLER_ARG", "0.25", "OTEL_SDK_DISABLED", "true");
        assertThat(env.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isEqualTo("http://collector:4317");
        assertThat(env.getProperty("management.opentelemetry.tracing.export.otlp.transport")).isEqualTo("grpc");
        assertThat(env.getProperty("management.tracing.sampling.probability")).isEqualTo("0.25");
        assertThat(env.getProperty("management.tracing.enabled")).isEqualTo("false");

        assertThat(processed("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4318/v1/traces")
                .getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isEqualTo("http://traces:4318/v1/traces");
        assertThat(processed("kindling.tracing.file", "/tmp/spans.jsonl")
                .getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
    }

    @Test
    void anExplicitSpringSettingWinsOverTheVariables() {
        MockEnvironment env = new MockEnvironment();
        env.setProperty("OTEL_TRACES_SAMPLER", "always_off");
        env.setProperty("management.tracing.sampling.probability", "0.5");
        new TelemetryEnvironment().postProcessEnvironment(env, null);
        assertThat(env.getProperty("management.tracing.sampling.probability")).isEqualTo("0.5");
    }

    @Test
    void anUnknownSamplerIsAClearError() {
        assertThatThrownBy(() -> processed("OTEL_TRACES_SAMPLER", "jaeger_remote"))
                .hasMessageContaining("OTEL_TRACES_SAMPLER=jaeger_remote");
    }
}
