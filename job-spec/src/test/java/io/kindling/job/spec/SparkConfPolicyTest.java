package io.kindling.job.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SparkConfPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"spark.sql.shuffle.partitions", "spark.sql.adaptive.enabled",
            "spark.sql.execution.arrow.pyspark.enabled", "spark.sql.session.timeZone", "spark.executor.memory",
            "spark.driver.maxResultSize", "spark.dynamicAllocation.enabled", "spark.dynamicAllocation.maxExecutors",
            "spark.serializer", "spark.kryoserializer.buffer.max", "spark.io.compression.zstd.level",
            "spark.speculation", "spark.speculation.multiplier", "spark.hadoop.aml.enable_cache",
            "spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version", "spark.ui.enabled"})
    void aUserMayTuneHowSparkTreatsTheirData(String key) {
        assertThat(SparkConfPolicy.refusal(key)).as(key).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "spark.master                              | RESERVED_CONF",
            "spark.app.name                            | RESERVED_CONF",
            "spark.driver.bindAddress                  | RESERVED_CONF",
            "spark.kindling.catalog.dir                | RESERVED_CONF",
            "spark.hadoop.aml.other                    | RESERVED_CONF",
            "spark.sql.warehouse.dir                   | RESERVED_CONF",
            "spark.pyspark.python                      | RESERVED_CONF",
            "spark.local.dir                           | RESERVED_CONF",
            "spark.driver.extraJavaOptions             | CONF_NOT_ALLOWED",
            "spark.executor.extraJavaOptions           | CONF_NOT_ALLOWED",
            "spark.driver.extraClassPath               | CONF_NOT_ALLOWED",
            "spark.driver.extraLibraryPath             | CONF_NOT_ALLOWED",
            "spark.executorEnv.LD_PRELOAD              | CONF_NOT_ALLOWED",
            "spark.plugins                             | CONF_NOT_ALLOWED",
            "spark.extraListeners                      | CONF_NOT_ALLOWED",
            "spark.jars                                | CONF_NOT_ALLOWED",
            "spark.jars.packages                       | CONF_NOT_ALLOWED",
            "spark.files                               | CONF_NOT_ALLOWED",
            "spark.archives                            | CONF_NOT_ALLOWED",
            "spark.executor.resource.gpu.discoveryScript | CONF_NOT_ALLOWED",
            "spark.metrics.conf.*.sink.csv.directory   | CONF_NOT_ALLOWED",
            "spark.eventLog.dir                        | CONF_NOT_ALLOWED",
            "spark.redaction.regex                     | CONF_NOT_ALLOWED",
            "spark.authenticate                        | CONF_NOT_ALLOWED",
            "spark.ssl.enabled                         | CONF_NOT_ALLOWED",
            "spark.sql.extensions                      | CONF_NOT_ALLOWED",
            "spark.sql.catalog.spark_catalog           | CONF_NOT_ALLOWED",
            "spark.sql.hive.metastore.jars             | CONF_NOT_ALLOWED",
            "spark.sql.queryExecutionListeners         | CONF_NOT_ALLOWED",
            "spark.hadoop.fs.defaultFS                 | CONF_NOT_ALLOWED",
            "spark.hadoop.hadoop.security.authentication | CONF_NOT_ALLOWED",
            "spark.speculationX                        | CONF_NOT_ALLOWED",
    })
    void everythingElseIsRefusedWithTheKeyNamed(String key, String code) {
        assertThat(SparkConfPolicy.refusal(key)).as(key).hasValueSatisfying(refusal -> {
            assertThat(refusal.code()).isEqualTo(code);
            assertThat(refusal.reason()).startsWith(key + " ");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"spark.jars | the job's jars field",
            "spark.pyspark.python | conda environment"})
    void commonTriesSayWhatToDoInstead(String key, String instead) {
        assertThat(SparkConfPolicy.refusal(key).orElseThrow().reason()).contains(instead);
    }
}
