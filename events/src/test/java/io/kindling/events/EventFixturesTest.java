package io.kindling.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every event type has a recorded JSON fixture that must keep parsing: payloads only ever gain optional
 * fields, so an old recording is a compatibility test.
 */
class EventFixturesTest {

    private final JsonMapper json = JsonMapper.builder().build();

    static Stream<EventCatalog.Entry> catalog() {
        return EventCatalog.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalog")
    void recordedFixtureParsesAndRoundTrips(EventCatalog.Entry entry) throws IOException {
        JsonNode recorded;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + entry.type() + ".json")) {
            assertThat(in).as("fixture for %s", entry.type()).isNotNull();
            recorded = json.readTree(in);
        }
        DomainEvent event = json.treeToValue(recorded, entry.payload());

        assertThat(event.aggregateId()).isNotBlank();
        assertThat(event.generation()).isPositive();
        assertThat(event.occurredAt()).isNotNull();
        assertThat(json.readTree(json.writeValueAsString(event))).isEqualTo(recorded);
        assertThat(EventCatalog.byType(entry.type())).contains(entry);
        assertThat(EventCatalog.of(entry.payload())).isEqualTo(entry);
    }

    /** A recording made before {@code conda} was added still parses, with the new field absent. */
    @org.junit.jupiter.api.Test
    void aSessionRequestedRecordedBeforeCondaStillParses() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/kindling.session.requested.v1.before-conda.json")) {
            SessionRequested event = json.readValue(in, SessionRequested.class);
            assertThat(event.sessionId()).isEqualTo("s-0b7c1f2e");
            assertThat(event.conf()).containsEntry("spark.sql.shuffle.partitions", "4");
            assertThat(event.conda()).isNull();
        }
    }

    /** A JobSubmitted as bus producers publish it, without {@code access}, parses with none. */
    @org.junit.jupiter.api.Test
    void aJobSubmittedWithoutAccessStillParses() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/kindling.job.submitted.v1.before-access.json")) {
            JobSubmitted event = json.readValue(in, JobSubmitted.class);
            assertThat(event.owner()).isEqualTo("alice");
            assertThat(event.access()).isNull();
        }
    }

    /** A ClusterProvisioned recorded before {@code start} was added parses with none (its start is unknown). */
    @org.junit.jupiter.api.Test
    void aClusterProvisionedWithoutStartStillParses() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/kindling.cluster.provisioned.v1.before-start.json")) {
            ClusterProvisioned event = json.readValue(in, ClusterProvisioned.class);
            assertThat(event.sessionId()).isEqualTo("s-0b7c1f2e");
            assertThat(event.start()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalog")
    void typesFollowTheNamingContract(EventCatalog.Entry entry) {
        assertThat(entry.type()).matches("kindling\\.[a-z]+\\.[a-z-]+\\.v[0-9]+");
        assertThat(entry.topic()).startsWith("kindling.");
    }
}
