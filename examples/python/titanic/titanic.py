"""Wrangles the Titanic passenger list as Azure ML's Spark samples do: pandas on Spark and a pyspark.ml transformer.

    titanic.py --titanic_data <csv file> --wrangled_data <folder>

Reads the CSV indexed by PassengerId, fills a missing Age with the mean age (pyspark.ml's Imputer), a missing Cabin
with "None", drops the passengers still missing a value (their port of embarkation), and writes the rest as CSV.
"""
import argparse

import pyspark.pandas as ps
from pyspark.ml.feature import Imputer


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titanic_data", required=True)
    parser.add_argument("--wrangled_data", required=True)
    args = parser.parse_args()

    passengers = ps.read_csv(args.titanic_data, index_col="PassengerId")
    frame = passengers.to_spark(index_col="PassengerId")
    imputer = Imputer(inputCols=["Age"], outputCols=["Age"], strategy="mean")
    passengers = imputer.fit(frame).transform(frame).pandas_api(index_col="PassengerId")
    passengers["Cabin"] = passengers["Cabin"].fillna("None")
    wrangled = passengers.dropna()
    wrangled.to_csv(args.wrangled_data, index_col="PassengerId", num_files=1, mode="overwrite")
    print(f"{len(passengers)} passengers read, {len(wrangled)} written to {args.wrangled_data}")


if __name__ == "__main__":
    main()
