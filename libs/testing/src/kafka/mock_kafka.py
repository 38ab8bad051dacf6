"""Starts librdkafka's in-process mock Kafka cluster for integration tests.

Run with Debian's /usr/bin/python3 and its python3-confluent-kafka package. Prints one JSON
line {"brokers": [...], "topics": {...}} on stdout once the cluster answers, then keeps the
cluster alive until stdin closes or the process receives SIGTERM/SIGINT. The mock cluster has
no admin API (CreateTopics fails), so topics with a chosen partition count are created through
librdkafka's C API (rd_kafka_mock_topic_create) via ctypes.
"""
import argparse
import ctypes
import json
import signal
import sys
import threading

import confluent_kafka

BROKER_COUNT_MAX = 5
PARTITIONS_MAX = 64
METADATA_TIMEOUT_S = 10.0
POLL_INTERVAL_S = 0.2
# The rd_kafka_t pointer sits right after PyObject_HEAD (refcount and type pointers) in
# confluent-kafka's Handle struct; its name is checked below before the pointer is used.
PY_OBJECT_HEAD_BYTES = ctypes.sizeof(ctypes.c_ssize_t) + ctypes.sizeof(ctypes.c_void_p)


def load_librdkafka():
    lib = ctypes.CDLL("librdkafka.so.1")
    lib.rd_kafka_name.restype = ctypes.c_char_p
    lib.rd_kafka_name.argtypes = [ctypes.c_void_p]
    lib.rd_kafka_handle_mock_cluster.restype = ctypes.c_void_p
    lib.rd_kafka_handle_mock_cluster.argtypes = [ctypes.c_void_p]
    lib.rd_kafka_mock_topic_create.restype = ctypes.c_int
    lib.rd_kafka_mock_topic_create.argtypes = [
        ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
    return lib


def mock_cluster_of(lib, producer):
    rk = ctypes.c_void_p.from_address(id(producer) + PY_OBJECT_HEAD_BYTES).value
    name = lib.rd_kafka_name(rk) if rk else None
    if not name or not name.startswith(b"rdkafka#producer-"):
        raise RuntimeError("cannot locate the rd_kafka_t handle of the Python producer")
    cluster = lib.rd_kafka_handle_mock_cluster(rk)
    if not cluster:
        raise RuntimeError("the producer has no mock cluster")
    return cluster


def create_topics(producer, names, partitions, replication):
    lib = load_librdkafka()
    cluster = mock_cluster_of(lib, producer)
    for name in names:
        code = lib.rd_kafka_mock_topic_create(cluster, name.encode(), partitions, replication)
        if code != 0:
            raise RuntimeError(f"rd_kafka_mock_topic_create({name}) failed with code {code}")


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", type=int, default=3)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--topics", default="", help="comma-separated topic names")
    args = parser.parse_args()
    if not 1 <= args.brokers <= BROKER_COUNT_MAX:
        parser.error(f"--brokers must be within 1..{BROKER_COUNT_MAX}")
    if not 1 <= args.partitions <= PARTITIONS_MAX:
        parser.error(f"--partitions must be within 1..{PARTITIONS_MAX}")
    return args


def main():
    args = parse_args()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    producer = confluent_kafka.Producer(
        {"test.mock.num.brokers": args.brokers, "log_level": 3})
    topics = [name for name in args.topics.split(",") if name]
    if topics:
        create_topics(producer, topics, args.partitions, min(args.brokers, 3))
    metadata = producer.list_topics(timeout=METADATA_TIMEOUT_S)
    brokers = sorted(f"{b.host}:{b.port}" for b in metadata.brokers.values())
    partitions = {name: len(t.partitions) for name, t in metadata.topics.items()}
    print(json.dumps({"brokers": brokers, "topics": partitions}), flush=True)

    def watch_stdin():
        # The parent holds our stdin open; when it exits, even by SIGKILL, stdin closes and
        # the cluster goes with it, so no orphan brokers outlive a test run.
        sys.stdin.read()
        stopped.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    while not stopped.is_set():
        producer.poll(POLL_INTERVAL_S)


if __name__ == "__main__":
    main()
