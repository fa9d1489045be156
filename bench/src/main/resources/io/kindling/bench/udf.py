"""A Python UDF over 1,000,000 rows, timed: run as a plain spark-submit application (it prints each run's time),
and defined in a Kindling pyspark session by the same text (its statements then call udf_run())."""
import sys
import time

from pyspark.sql import SparkSession
from pyspark.sql.functions import col, udf

spark = SparkSession.builder.getOrCreate()


@udf("long")
def plus_one(x):
    return x + 1


def udf_run():
    started = time.perf_counter()
    total = spark.range(1000000).select(plus_one(col("id")).alias("v")).selectExpr("sum(v)").first()[0]
    return total, round((time.perf_counter() - started) * 1000)


if __name__ == "__main__" and len(sys.argv) > 1:  # a statement's __name__ is "__main__" too, without arguments
    for _ in range(int(sys.argv[1])):
        print("udf run: total %d in %d ms" % udf_run(), flush=True)
