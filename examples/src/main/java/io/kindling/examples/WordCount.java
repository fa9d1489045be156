package io.kindling.examples;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the words of every text file under a folder (subfolders included). A word is a run of
 * letters ({@code \p{L}}), lower-cased. Writes {@code word<TAB>count} lines, most frequent first and
 * ties by word, as one text part file into the output folder (replacing it), and prints a summary.
 */
public final class WordCount {

    static final String USAGE = "WordCount <inputFolder> <outputFolder>   (the output folder is replaced)";
    private static final Pattern NON_LETTERS = Pattern.compile("[^\\p{L}]+");

    private WordCount() {
    }

    record Args(String input, String output) {
        static Args parse(String[] args) {
            JobArgs.requireCount(args, 2, 2);
            return new Args(JobArgs.pathArg("inputFolder", args[0]), JobArgs.pathArg("outputFolder", args[1]));
        }
    }

    public static void main(String[] args) {
        Args parsed = JobArgs.parseOrExit(USAGE, args, Args::parse);
        SparkSession spark = SparkSession.builder().appName("WordCount").getOrCreate();
        try {
            Dataset<String> lines = spark.read().option("recursiveFileLookup", "true").textFile(parsed.input());
            int files = lines.inputFiles().length;
            Dataset<Row> counts = lines.flatMap((FlatMapFunction<String, String>) WordCount::words, Encoders.STRING())
                    .groupBy("value").count()
                    .withColumnRenamed("value", "word")
                    .persist();
            counts.coalesce(1)
                    .sortWithinPartitions(col("count").desc(), col("word").asc())
                    .select(concat_ws("\t", col("word"), col("count").cast("string")))
                    .write().mode(SaveMode.Overwrite).text(parsed.output());
            Row totals = counts.agg(count(lit(1)), coalesce(sum("count"), lit(0L))).first();
            System.out.printf("WordCount: %d words (%d distinct) in %d files under %s -> %s%n",
                    totals.getLong(1), totals.getLong(0), files, parsed.input(), parsed.output());
            counts.unpersist();
        } finally {
            spark.stop();
        }
    }

    /** The lower-cased words of one line, in order. */
    static Iterator<String> words(String line) {
        return Arrays.stream(NON_LETTERS.split(line))
                .filter(word -> !word.isEmpty())
                .map(word -> word.toLowerCase(Locale.ROOT))
                .iterator();
    }
}
