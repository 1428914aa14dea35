package dev.streamscore.scoring.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes a {@link DeadLetter} as the original key and value bytes with headers
 * {@value #KIND}, {@value #MESSAGE}, {@value #MODEL}, {@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION},
 * {@value #SOURCE_OFFSET} and {@value #SOURCE_TIMESTAMP} (UTF-8 text), keeping the original
 * timestamp.
 */
public final class DeadLetterSerializer extends SingleTopicSerializer<DeadLetter> {
    private static final long serialVersionUID = 1L;
    public static final String KIND = "streamscore.error.kind";
    public static final String MESSAGE = "streamscore.error.message";
    public static final String MODEL = "streamscore.model";
    public static final String SOURCE_TOPIC = "streamscore.source.topic";
    public static final String SOURCE_PARTITION = "streamscore.source.partition";
    public static final String SOURCE_OFFSET = "streamscore.source.offset";
    public static final String SOURCE_TIMESTAMP = "streamscore.source.timestamp";
    /** Headers are for reading, not for carrying a stack trace: messages are cut to this length. */
    private static final int MAX_MESSAGE = 2000;


    public DeadLetterSerializer(String topic) {
        super(topic);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        RawEvent event = letter.event;
        String message = letter.message == null ? "" : letter.message;
        List<Header> headers = new ArrayList<>(List.of(
                header(KIND, letter.kind.name()),
                header(MESSAGE, message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message),
                header(SOURCE_TOPIC, event.topic),
                header(SOURCE_PARTITION, String.valueOf(event.partition)),
                header(SOURCE_OFFSET, String.valueOf(event.offset)),
                header(SOURCE_TIMESTAMP, String.valueOf(event.timestamp))));
        if (letter.model != null) {
            headers.add(header(MODEL, letter.model));
        }
        return new ProducerRecord<>(topic, null, event.timestamp, event.key, event.value, headers);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}
