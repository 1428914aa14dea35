package dev.streamscore.scoring.io;

/**
 * A Kafka record as it arrived, undecoded. Events move between Flink operators as bytes plus their
 * coordinates, never as a GenericRecord (the producer's schema varies and Kryo would be slow); the
 * scoring operator decodes them with the schema its current model needs.
 *
 * <p>A public mutable class with a no-argument constructor so Flink's POJO serializer handles it.
 */
public class RawEvent {
    public byte[] key;
    public byte[] value;
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;

    public RawEvent() {
    }

    public RawEvent(byte[] key, byte[] value, String topic, int partition, long offset, long timestamp) {
        this.key = key;
        this.value = value;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
    }

    /** topic-partition-offset: the event's id when its record carries none. */
    public String coordinates() {
        return topic + "-" + partition + "-" + offset;
    }
}
