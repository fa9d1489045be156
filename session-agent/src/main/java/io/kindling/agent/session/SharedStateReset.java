package io.kindling.agent.session;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Database;
import org.apache.spark.sql.catalog.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what every session of one SparkContext shares: the cache, the tables and databases of the
 * in-memory catalog, global temp views. A serverless cluster serves one session at a time, so when that
 * session closes, this leaves a warm cluster as fresh for the next one as a new cluster would be.
 */
final class SharedStateReset {

    private static final Logger LOG = LoggerFactory.getLogger(SharedStateReset.class);

    private SharedStateReset() {
    }

    static void reset(SparkSession spark) throws Exception {
        spark.catalog().clearCache();
        String globalTemp = spark.conf().get("spark.sql.globalTempDatabase", "global_temp");
        for (Table view : spark.catalog().listTables(globalTemp).collectAsList()) {
            spark.catalog().dropGlobalTempView(view.name());
        }
        for (Database db : spark.catalog().listDatabases().collectAsList()) {
            if (db.name().equals("default")) {
                for (Table table : spark.catalog().listTables("default").collectAsList()) {
                    if (!table.isTemporary()) {
                        spark.sql("DROP TABLE IF EXISTS `default`.`" + table.name().replace("`", "``") + "`");
                    }
                }
            } else if (!db.name().equals(globalTemp)) {
                spark.sql("DROP DATABASE IF EXISTS `" + db.name().replace("`", "``") + "` CASCADE");
            }
        }
        LOG.info("shared state reset: cache, catalog and global temp views are empty");
    }
}
