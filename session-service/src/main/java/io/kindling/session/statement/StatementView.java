package io.kindling.session.statement;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Livy's statement shape. */
final class StatementView {

    private StatementView() {
    }

    static Map<String, Object> of(Statement s, JsonMapper json) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", s.id());
        view.put("kind", s.kind());
        view.put("code", s.code());
        view.put("state", s.state().apiName());
        view.put("output", s.output() == null ? null : json.readTree(s.output()));
        view.put("progress", s.progress());
        view.put("started", s.startedAt() == null ? 0 : s.startedAt().toEpochMilli());
        view.put("completed", s.completedAt() == null ? 0 : s.completedAt().toEpochMilli());
        return view;
    }
}
