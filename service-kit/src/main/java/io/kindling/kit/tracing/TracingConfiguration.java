package io.kindling.kit.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Kindling's spans, and the span file of the embedded default when {@code kindling.tracing.file} is set. */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    @Bean
    Traces traces(ObjectProvider<OpenTelemetry> otel) {
        return new Traces(otel.getIfAvailable(OpenTelemetry::noop));
    }

    @Bean
    @ConditionalOnProperty("kindling.tracing.file")
    SpanExporter spanFile(@Value("${kindling.tracing.file}") Path file) {
        return new SpanFile(file);
    }
}
