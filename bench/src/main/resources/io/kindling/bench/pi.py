"""Monte Carlo Pi in Python, the twin of the examples jar's SparkPi: 100000 points per slice."""
import random
import sys
from operator import add

from pyspark.sql import SparkSession


def inside(_):
    x, y = random.random() * 2 - 1, random.random() * 2 - 1
    return 1 if x * x + y * y <= 1 else 0


spark = SparkSession.builder.appName("PythonPi").getOrCreate()
slices = int(sys.argv[1]) if len(sys.argv) > 1 else 2
n = 100000 * slices
count = spark.sparkContext.parallelize(range(1, n + 1), slices).map(inside).reduce(add)
print("Pi is roughly %f" % (4.0 * count / n))
spark.stop()
