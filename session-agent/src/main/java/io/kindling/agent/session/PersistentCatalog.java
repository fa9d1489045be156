package io.kindling.agent.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Database;
import org.apache.spark.sql.catalog.Table;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTableType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The catalog of an attached pool, kept across its sessions. Each driver's catalog is Spark's in-memory one; this
 * keeps one file per table or view ({@code <dir>/<database>.<name>.json}, encoded: schema, format, location, partition
 * columns, or the view's text) in the pool's directory. A driver re-creates them all when its first session
 * opens, and after every statement writes the tables its sessions created or changed and removes the files of
 * the ones they dropped. Table data stays where Spark wrote it, in the pool's warehouse; a table comes back as an
 * external table over that location.
 */
public final class PersistentCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(PersistentCatalog.class);

    private final Path dir;
    private final ObjectMapper mapper;
    /** The tables this driver has in its catalog file set, by key; what it wrote last for each. */
    private final Map<String, String> known = new HashMap<>();
    private boolean restored;

    public PersistentCatalog(Path dir, ObjectMapper mapper) {
        this.dir = dir;
        this.mapper = mapper;
    }

    /** Re-creates every kept table and view, once per driver. */
    synchronized void restore(SparkSession spark) throws IOException {
        if (restored) {
            return;
        }
        restored = true;
        Files.createDirectories(dir);
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<ObjectNode> views = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            ObjectNode entry = (ObjectNode) mapper.readTree(text);
            if (entry.path("kind").asText().equals("view")) {
                views.add(entry);
                continue;
            }
            try {
                createTable(spark, entry);
                known.put(key(entry), text);
            } catch (Exception e) { // a table whose data is gone or unreadable is skipped, not fatal
                LOG.warn("catalog: could not re-create {}: {}", file.getFileName(), e.getMessage());
            }
        }
        for (ObjectNode view : views) { // views last: they may read the tables
            try {
                database(spark, view.path("database").asText());
                spark.sql("CREATE VIEW IF NOT EXISTS " + name(view) + " AS " + view.path("text").asText());
                known.put(key(view), mapper.writeValueAsString(view));
            } catch (Exception e) {
                LOG.warn("catalog: could not re-create view {}: {}", key(view), e.getMessage());
            }
        }
        LOG.info("catalog: {} table(s) and view(s) from {}", known.size(), dir);
    }

    /** Writes what changed since the last save; forgets what this driver's sessions dropped. */
    synchronized void save(SparkSession spark) {
        try {
            Map<String, String> now = new HashMap<>();
            String globalTemp = spark.conf().get("spark.sql.globalTempDatabase", "global_temp");
            for (Database db : spark.catalog().listDatabases().collectAsList()) {
                if (db.name().equals(globalTemp)) {
                    continue;
                }
                for (Table table : spark.catalog().listTables(db.name()).collectAsList()) {
                    if (!table.isTemporary()) {
                        describe(spark, db.name(), table.name()).ifPresent(e -> now.put(key(e), write(e)));
                    }
                }
            }
            for (Map.Entry<String, String> e : now.entrySet()) {
                if (!e.getValue().equals(known.get(e.getKey()))) {
                    Path file = dir.resolve(fileName(e.getKey()));
                    Path temp = Files.createTempFile(dir, ".table-", ".tmp");
                    Files.writeString(temp, e.getValue(), StandardCharsets.UTF_8);
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Set<String> dropped = new HashSet<>(known.keySet());
            dropped.removeAll(now.keySet());
            for (String key : dropped) {
                Files.deleteIfExists(dir.resolve(fileName(key)));
            }
            known.clear();
            known.putAll(now);
        } catch (Exception e) { // Spark's AnalysisException is checked
            LOG.warn("catalog: could not save to {}: {}", dir, e.getMessage());
        }
    }

    private java.util.Optional<ObjectNode> describe(SparkSession spark, String database, String name)
            throws Exception {
        CatalogTable table = spark.sessionState().catalog().getTableMetadata(
                new TableIdentifier(name, Option.apply(database)));
        ObjectNode entry = mapper.createObjectNode().put("database", database).put("name", name);
        if (table.tableType().equals(CatalogTableType.VIEW())) {
            if (table.viewText().isEmpty()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(entry.put("kind", "view").put("text", table.viewText().get()));
        }
        if (table.provider().isEmpty() || table.storage().locationUri().isEmpty()) {
            return java.util.Optional.empty();
        }
        entry.put("kind", "table").put("schema", table.dataSchema().toDDL())
                .put("provider", table.provider().get())
                .put("location", table.storage().locationUri().get().toString());
        var partitions = entry.putArray("partitionColumns");
        List<String> columns = CollectionConverters.asJava(table.partitionColumnNames());
        columns.forEach(partitions::add);
        if (!columns.isEmpty()) {
            entry.put("partitionSchema", table.partitionSchema().toDDL());
        }
        return java.util.Optional.of(entry);
    }

    private static void createTable(SparkSession spark, ObjectNode entry) {
        database(spark, entry.path("database").asText());
        List<String> partitions = new ArrayList<>();
        entry.path("partitionColumns").forEach(c -> partitions.add(quote(c.asText())));
        String columns = entry.path("schema").asText() + (partitions.isEmpty() ? ""
                : ", " + entry.path("partitionSchema").asText());
        spark.sql("CREATE TABLE IF NOT EXISTS " + name(entry) + " (" + columns + ") USING "
                + entry.path("provider").asText()
                + (partitions.isEmpty() ? "" : " PARTITIONED BY (" + String.join(", ", partitions) + ")")
                + " LOCATION '" + entry.path("location").asText().replace("'", "\\'") + "'");
        if (!partitions.isEmpty()) {
            spark.sql("ALTER TABLE " + name(entry) + " RECOVER PARTITIONS");
        }
    }

    private static void database(SparkSession spark, String database) {
        if (!database.equals("default")) {
            spark.sql("CREATE DATABASE IF NOT EXISTS " + quote(database));
        }
    }

    private String write(ObjectNode entry) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(entry);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file name for any table name: encoded, so no name can reach outside the directory. */
    private static String fileName(String key) {
        return java.net.URLEncoder.encode(key, StandardCharsets.UTF_8) + ".json";
    }

    private static String key(ObjectNode entry) {
        return entry.path("database").asText() + "." + entry.path("name").asText();
    }

    private static String name(ObjectNode entry) {
        return quote(entry.path("database").asText()) + "." + quote(entry.path("name").asText());
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
