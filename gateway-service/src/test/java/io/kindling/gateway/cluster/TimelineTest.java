package io.kindling.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TimelineTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aJobsTimelineMergesItsHistoryWithItsClusterAndTheClusterDeadlinesInTimeOrder() {
        JsonNode job = JSON.readTree("""
                {"id": "j-1", "state": "succeeded", "clusterId": "kc-j-1-1", "history": [
                  {"state": "queued", "reason": null, "at": "2026-11-24T09:00:00Z"},
                  {"state": "running", "reason": "driver accepted", "at": "2026-11-24T09:00:12Z"},
                  {"state": "succeeded", "reason": "exit 0", "at": "2026-11-24T09:00:31Z"}]}
                """);
        JsonNode cluster = JSON.readTree("""
                {"id": "kc-j-1-1", "state": "warm", "history": [
                  {"state": "provisioning", "reason": "job j-1", "at": "2026-11-24T09:00:00.500Z"},
                  {"state": "warm", "reason": "job ended", "at": "2026-11-24T09:00:31.2Z"}]}
                """);
        JsonNode deadlines = JSON.readTree("""
                {"deadlines": [{"state": "scheduled", "createdAt": "2026-11-24T09:00:31.300Z",
                  "dueAt": "2026-11-24T09:10:31.300Z", "firedAt": null, "cancelledAt": null}]}
                """);

        Map<String, Object> timeline = Timeline.ofJob(job, cluster, deadlines);

        assertThat(timeline).containsEntry("jobId", "j-1").containsEntry("clusterId", "kc-j-1-1")
                .containsEntry("state", "succeeded").containsEntry("clusterState", "warm")
                .containsEntry("teardownDueAt", "2026-11-24T09:10:31.300Z");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) timeline.get("events");
        assertThat(events).extracting(e -> e.get("source") + ":" + e.get("state")).containsExactly(
                "job:queued", "cluster:provisioning", "job:running", "job:succeeded", "cluster:warm",
                "deadline:scheduled");
        assertThat(events.get(0).get("reason")).isNull();
    }

    @Test
    void aJobWithoutAClusterYetHasOnlyItsOwnHistory() {
        JsonNode job = JSON.readTree("""
                {"id": "j-2", "state": "queued", "clusterId": null,
                 "history": [{"state": "queued", "reason": "accepted by the gateway", "at": "2026-11-24T09:00:00Z"}]}
                """);

        Map<String, Object> timeline = Timeline.ofJob(job, null, null);

        assertThat(timeline).containsEntry("clusterId", null).containsEntry("teardownDueAt", null);
        assertThat((List<?>) timeline.get("events")).hasSize(1);
    }

    @Test
    void aSessionsTimelineKeepsItsShape() {
        JsonNode session = JSON.readTree("""
                {"id": "s-1", "state": "idle", "clusterId": "kc-s-1-1",
                 "history": [{"state": "requested", "reason": "accepted", "at": "2026-11-24T09:00:00Z"}]}
                """);
        JsonNode timeouts = JSON.readTree("""
                {"deadlines": [{"state": "scheduled", "createdAt": "2026-11-24T09:00:10Z",
                  "dueAt": "2026-11-24T09:30:10Z", "firedAt": null, "cancelledAt": null}]}
                """);

        Map<String, Object> timeline = Timeline.ofSession(session, null, timeouts, null);

        assertThat(timeline.keySet()).containsExactly("sessionId", "clusterId", "state", "timeoutDueAt",
                "clusterState", "teardownDueAt", "events");
        assertThat(timeline).containsEntry("timeoutDueAt", "2026-11-24T09:30:10Z");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) timeline.get("events");
        assertThat(events.get(1)).containsEntry("source", "deadline")
                .containsEntry("reason", "session timeout due at 2026-11-24T09:30:10Z");
    }
}
