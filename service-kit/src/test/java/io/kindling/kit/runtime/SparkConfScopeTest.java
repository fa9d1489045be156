package io.kindling.kit.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkConfScopeTest {

    private final Map<String, String> conf = Map.of(
            "spark.sql.shuffle.partitions", "4",
            "spark.sql.ansi.enabled", "true",
            "spark.sql.extensions", "x.Ext",
            "spark.executor.extraJavaOptions", "-Dx=1",
            "spark.sql.hive.metastore.version", "2.3");

    @Test
    void sqlSettingsArePerSessionExceptStaticOnes() {
        assertThat(SparkConfScope.sessionPart(conf)).containsOnlyKeys("spark.sql.shuffle.partitions",
                "spark.sql.ansi.enabled");
        assertThat(SparkConfScope.staticPart(conf)).containsOnlyKeys("spark.sql.extensions",
                "spark.executor.extraJavaOptions", "spark.sql.hive.metastore.version");
    }

    @Test
    void fingerprintIgnoresSessionSettingsAndOrder() {
        assertThat(SparkConfScope.staticFingerprint(conf)).isEqualTo(SparkConfScope.staticFingerprint(Map.of(
                "spark.executor.extraJavaOptions", "-Dx=1", "spark.sql.hive.metastore.version", "2.3",
                "spark.sql.extensions", "x.Ext", "spark.sql.shuffle.partitions", "200")));
        assertThat(SparkConfScope.staticFingerprint(Map.of())).isEmpty();
        assertThat(SparkConfScope.staticFingerprint(Map.of("spark.executor.extraJavaOptions", "-Dx=2")))
                .isNotEqualTo(SparkConfScope.staticFingerprint(conf));
    }

    @Test
    void theCacheFlagInstructsKindlingAndNeverReachesSparkNorSplitsWarmClusters() {
        Map<String, String> withFlag = Map.of("spark.hadoop.aml.enable_cache", "true", "spark.hadoop.fs.x", "y");
        assertThat(SparkConfScope.staticPart(withFlag)).containsOnlyKeys("spark.hadoop.fs.x");
        assertThat(SparkConfScope.sessionPart(withFlag)).isEmpty();
        assertThat(SparkConfScope.staticFingerprint(withFlag))
                .isEqualTo(SparkConfScope.staticFingerprint(Map.of("spark.hadoop.fs.x", "y")));
    }
}
