package dev.streamscore.schemas.serde;

import java.util.Map;

/**
 * The serde settings, read from a Kafka client's configuration map with Confluent's names:
 * {@code auto.register.schemas} (default true), {@code key.subject.name.strategy} /
 * {@code value.subject.name.strategy} (default TopicNameStrategy), {@code specific.avro.reader}
 * (default false). Registry settings are read by
 * {@link dev.streamscore.schemas.registry.SchemaRegistryClientConfig#fromProperties}.
 */
public record AvroSerdeConfig(boolean autoRegisterSchemas, SubjectNameStrategy subjectNameStrategy, boolean specificAvroReader) {
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

    public static AvroSerdeConfig fromProperties(Map<String, ?> configs, boolean isKey) {
        String strategyKey = isKey ? SubjectNameStrategy.KEY_CONFIG : SubjectNameStrategy.VALUE_CONFIG;
        Object strategy = configs.get(strategyKey);
        return new AvroSerdeConfig(
                bool(configs, AUTO_REGISTER_SCHEMAS, true),
                SubjectNameStrategy.parse(strategy == null ? null : strategy.toString(), strategyKey),
                bool(configs, SPECIFIC_AVRO_READER, false));
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        String text = value.toString().trim();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was '" + text + "'");
        }
        return Boolean.parseBoolean(text);
    }
}
