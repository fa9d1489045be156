package io.kindling.kit.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindling.events.DomainEvent;
import io.kindling.events.EventCatalog;
import io.kindling.events.SessionRequested;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The codec reads payloads as plain Jackson does (its faster instants and record constructors change nothing a
 * consumer sees): every recorded fixture of the events module, odd instants, and payloads Jackson refuses.
 */
class EventCodecTest {

    private static final Path FIXTURES = Path.of("..", "events", "src", "test", "resources", "fixtures");

    /** What the codec did before: plain Jackson, unknown properties ignored. */
    private final JsonMapper plain = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final EventCodec codec = new EventCodec();

    static Stream<EventCatalog.Entry> catalog() {
        return EventCatalog.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalog")
    void everyRecordedEventDecodesAsPlainJacksonDecodesIt(EventCatalog.Entry entry) throws IOException {
        byte[] recorded = Files.readAllBytes(FIXTURES.resolve(entry.type() + ".json"));

        Optional<DomainEvent> decoded = codec.decode(entry.type(), recorded);

        assertThat(decoded).contains(plain.readValue(recorded, entry.payload()));
        assertThat(codec.decode(entry.type(), codec.encode(decoded.orElseThrow()))).isEqualTo(decoded);
    }

    @Test
    void aTypeThisBuildDoesNotKnowIsEmpty() {
        assertThat(codec.decode("kindling.session.renamed.v9", "{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2026-11-24T09:00:00.123456789+05:30\"", "\" 2026-11-24T09:00:00Z \"", "1796457408.5",
        "1796457408", "\"1796457408\"", "\"2026-11-24 09:00:00Z\"", "\"tomorrow\"", "null", "[1]", "true"})
    void oddInstantsAreReadOrRefusedAsJacksonDoes(String requestedAt) {
        assertSameOutcome(sessionRequested(requestedAt, "2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "\"two\"", "2.5", "\"2\"", "99999999999"})
    void oddSizesAreReadOrRefusedAsJacksonDoes(String numExecutors) {
        assertSameOutcome(sessionRequested("\"2026-11-24T09:00:00Z\"", numExecutors));
    }

    /** Jackson 3 refuses a missing primitive (a null for the constructor's int): the codec's constructor call too. */
    @Test
    void aSizeMissingAPrimitiveIsRefusedAsJacksonRefusesIt() {
        String json = sessionRequested("\"2026-11-24T09:00:00Z\"", "2").replace("\"executorCores\": 1, ", "");
        assertThat(assertSameOutcome(json).error()).isNotNull();
    }

    private Outcome assertSameOutcome(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Outcome expected = Outcome.of(() -> plain.readValue(bytes, SessionRequested.class));
        Outcome actual = Outcome.of(() -> codec.decode(SessionRequested.TYPE, bytes).orElseThrow());
        assertThat(actual).as(json).isEqualTo(expected);
        return actual;
    }

    /** A decoded event, or the kind of error decoding it met. */
    private record Outcome(Object value, Class<?> error) {
        static Outcome of(Supplier<Object> decode) {
            try {
                return new Outcome(decode.get(), null);
            } catch (RuntimeException e) {
                return new Outcome(null, e.getClass());
            }
        }
    }

    private static String sessionRequested(String requestedAt, String numExecutors) {
        return """
                {"sessionId": "s-0b7c1f2e", "generation": 1, "owner": "alice", "name": "n", "kind": "sql",
                 "runtimeVersion": "4.2", "size": {"numExecutors": %s, "executorCores": 1, "executorMemoryMb": 512,
                 "driverCores": 1, "driverMemoryMb": 1024}, "timeoutMinutes": 30, "conf": {},
                 "requestedAt": %s}""".formatted(numExecutors, requestedAt);
    }

    @Test
    void anInstantKeepsItsNanoseconds() {
        Instant at = Instant.parse("2026-11-24T09:00:00.000000001Z");
        SessionRequested decoded = (SessionRequested) codec.decode(SessionRequested.TYPE,
                sessionRequested("\"" + at + "\"", "2").getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertThat(decoded.requestedAt()).isEqualTo(at);
    }
}
