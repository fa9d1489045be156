"""Counts the words of every text file under a folder and writes them as CSV, most frequent first.

    wordcount.py --input <folder> --output <folder>

The splitting is in words.py, a py_files entry: it runs inside rdd.flatMap on the executors.
"""
import argparse
from operator import add

from pyspark.sql import SparkSession

from words import words


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True, help="a folder of text files (read recursively)")
    parser.add_argument("--output", required=True, help="the folder the counts are written to (replaced)")
    args = parser.parse_args()

    spark = SparkSession.builder.appName("python word count").getOrCreate()
    lines = spark.read.option("recursiveFileLookup", "true").text(args.input).rdd.map(lambda row: row.value)
    counts = lines.flatMap(words).map(lambda word: (word, 1)).reduceByKey(add)
    frame = spark.createDataFrame(counts, "word string, count long").orderBy("count", "word",
                                                                            ascending=[False, True])
    frame.coalesce(1).write.mode("overwrite").csv(args.output, header=True)
    print(f"{frame.count()} distinct words in {args.input} -> {args.output}")
    spark.stop()


if __name__ == "__main__":
    main()
