package dev.streamscore.model.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class FeatureVectorizerTest {
    private static final FeatureSpec AMOUNT = new FeatureSpec("amount", "amount", FeatureType.NUMERIC,
            NumericTransform.LOG1P_STANDARDIZE, 2.0, 0.5, null, null, MissingPolicy.REJECT, null);
    private static final FeatureSpec DISTANCE = new FeatureSpec("distance", "geo.km", FeatureType.NUMERIC,
            NumericTransform.NONE, null, null, null, null, MissingPolicy.IMPUTE, 7.0);
    private static final FeatureSpec CATEGORY = new FeatureSpec("category", "merchant", FeatureType.CATEGORICAL,
            null, null, null, List.of("grocery", "travel"), true, MissingPolicy.IMPUTE, null);
    private static final FeatureSpec STRICT_CATEGORY = new FeatureSpec("category", "merchant", FeatureType.CATEGORICAL,
            null, null, null, List.of("grocery", "travel"), false, MissingPolicy.REJECT, null);

    private final FeatureVectorizer vectorizer = new FeatureVectorizer(List.of(AMOUNT, CATEGORY));

    @Test
    void transformsNumbersAndOneHotEncodesCategories() {
        float[] v = vectorizer.vectorize(new MapFieldReader(Map.of("amount", 99.0, "merchant", "travel")));
        assertThat(vectorizer.width()).isEqualTo(1 + 3);
        assertThat(v[0]).isCloseTo((float) ((Math.log1p(99.0) - 2.0) / 0.5), within(1e-6f));
        assertThat(v).containsExactly(v[0], 0f, 1f, 0f);
    }

    @Test
    void unknownCategoriesGoToTheBucketOrAreRejected() {
        float[] v = vectorizer.vectorize(new MapFieldReader(Map.of("amount", 1.0, "merchant", "crypto_exchange")));
        assertThat(v).endsWith(0f, 0f, 1f);
        FeatureVectorizer strict = new FeatureVectorizer(List.of(STRICT_CATEGORY));
        assertThat(strict.width()).isEqualTo(2);
        assertThatThrownBy(() -> strict.vectorize(new MapFieldReader(Map.of("merchant", "crypto_exchange"))))
                .isInstanceOfSatisfying(FeatureException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FeatureException.Kind.UNKNOWN_CATEGORY);
                    assertThat(e.feature()).isEqualTo("category");
                })
                .hasMessageContaining("crypto_exchange");
    }

    @Test
    void missingValuesFollowThePolicy() {
        Map<String, Object> noMerchant = new HashMap<>();
        noMerchant.put("amount", 5.0);
        noMerchant.put("merchant", null);
        assertThat(vectorizer.vectorize(new MapFieldReader(noMerchant))).endsWith(0f, 0f, 0f);

        Map<String, Object> noAmount = new HashMap<>();
        noAmount.put("amount", null);
        noAmount.put("merchant", "grocery");
        assertThatThrownBy(() -> vectorizer.vectorize(new MapFieldReader(noAmount)))
                .isInstanceOfSatisfying(FeatureException.class,
                        e -> assertThat(e.kind()).isEqualTo(FeatureException.Kind.MISSING_VALUE));
    }

    @Test
    void invalidNumbersAreRejectedWithTheirKind() {
        for (Object bad : List.of(Double.NaN, Double.POSITIVE_INFINITY, "12abc")) {
            assertThatThrownBy(() -> vectorizer.vectorize(new MapFieldReader(Map.of("amount", bad, "merchant", "travel"))))
                    .isInstanceOfSatisfying(FeatureException.class,
                            e -> assertThat(e.kind()).isEqualTo(FeatureException.Kind.INVALID_NUMBER));
        }
        assertThatThrownBy(() -> vectorizer.vectorize(new MapFieldReader(Map.of("amount", List.of(1), "merchant", "travel"))))
                .isInstanceOfSatisfying(FeatureException.class,
                        e -> assertThat(e.kind()).isEqualTo(FeatureException.Kind.WRONG_TYPE));
    }

    @Test
    void aRecordWithoutTheSourceFieldDoesNotFitTheModel() {
        assertThatThrownBy(() -> vectorizer.vectorize(new MapFieldReader(Map.of("merchant", "travel"))))
                .isInstanceOfSatisfying(FeatureException.class,
                        e -> assertThat(e.kind()).isEqualTo(FeatureException.Kind.MISSING_FIELD))
                .hasMessageContaining("'amount'");
    }

    @Test
    void readsAnyAvroSchemaIncludingNestedNullableRecordsUtf8AndEnums() {
        Schema geo = SchemaBuilder.record("Geo").fields().optionalDouble("km").endRecord();
        Schema merchant = SchemaBuilder.enumeration("Merchant").symbols("grocery", "travel");
        Schema schema = SchemaBuilder.record("Payment").namespace("com.example").fields()
                .requiredDouble("amount")
                .name("merchant").type(merchant).noDefault()
                .name("geo").type().optional().type(geo)
                .endRecord();
        GenericRecord record = new GenericData.Record(schema);
        record.put("amount", 99.0);
        record.put("merchant", new GenericData.EnumSymbol(merchant, "grocery"));
        GenericRecord location = new GenericData.Record(geo);
        location.put("km", 3.5);
        record.put("geo", location);

        FeatureVectorizer nested = new FeatureVectorizer(List.of(AMOUNT, DISTANCE, CATEGORY));
        Map<String, Object> served = new HashMap<>();
        float[] v = new float[nested.width()];
        nested.vectorize(new AvroFieldReader(record), v, 0, served);
        assertThat(v[1]).isEqualTo(3.5f);
        assertThat(v).endsWith(1f, 0f, 0f);
        assertThat(served).containsEntry("amount", 99.0).containsEntry("distance", 3.5).containsEntry("category", "grocery");

        record.put("geo", null);
        nested.vectorize(new AvroFieldReader(record), v, 0, served);
        assertThat(v[1]).as("imputed").isEqualTo(7f);
        assertThat(served).containsEntry("distance", null);

        GenericRecord utf8 = new GenericData.Record(SchemaBuilder.record("T").fields()
                .requiredString("merchant").requiredDouble("amount").endRecord());
        utf8.put("merchant", new Utf8("travel"));
        utf8.put("amount", 1.0);
        assertThat(vectorizer.vectorize(utf8)).endsWith(0f, 1f, 0f);
    }

    /** Money amounts as producers often write them: bytes or fixed with logicalType decimal, read without conversions. */
    @Test
    void readsDecimalLogicalTypesAsNumbers() throws IOException {
        Schema bytesDecimal = LogicalTypes.decimal(10, 2).addToSchema(Schema.create(Schema.Type.BYTES));
        Schema fixedDecimal = LogicalTypes.decimal(9, 3).addToSchema(Schema.createFixed("Km", null, "com.example", 8));
        Schema geo = SchemaBuilder.record("Geo").fields().name("km").type(fixedDecimal).noDefault().endRecord();
        Schema schema = SchemaBuilder.record("Payment").namespace("com.example").fields()
                .name("amount").type(SchemaBuilder.unionOf().nullType().and().type(bytesDecimal).endUnion()).noDefault()
                .requiredString("merchant")
                .name("geo").type(geo).noDefault()
                .endRecord();
        Conversions.DecimalConversion decimals = new Conversions.DecimalConversion();
        GenericRecord location = new GenericData.Record(geo);
        location.put("km", decimals.toFixed(new BigDecimal("3.250"), fixedDecimal, fixedDecimal.getLogicalType()));
        GenericRecord written = new GenericData.Record(schema);
        written.put("amount", decimals.toBytes(new BigDecimal("1234.56"), bytesDecimal, bytesDecimal.getLogicalType()));
        written.put("merchant", "travel");
        written.put("geo", location);
        // Through the binary encoding and a generic reader without conversions, as the scoring job decodes.
        GenericRecord record = roundTrip(written);

        AvroFieldReader reader = new AvroFieldReader(record);
        assertThat(reader.get("amount")).isEqualTo(new BigDecimal("1234.56"));
        assertThat(reader.get("geo.km")).isEqualTo(new BigDecimal("3.250"));
        assertThat(reader.get("amount")).as("reading twice: the record's buffer is left as it was")
                .isEqualTo(new BigDecimal("1234.56"));

        FeatureSpec amount = new FeatureSpec("amount", "amount", FeatureType.NUMERIC, NumericTransform.NONE,
                null, null, null, null, MissingPolicy.REJECT, null);
        FeatureVectorizer money = new FeatureVectorizer(List.of(amount, DISTANCE, CATEGORY));
        Map<String, Object> served = new HashMap<>();
        float[] v = new float[money.width()];
        money.vectorize(reader, v, 0, served);
        assertThat(v[0]).isEqualTo(1234.56f);
        assertThat(v[1]).isEqualTo(3.25f);
        assertThat(served).containsEntry("amount", 1234.56).containsEntry("distance", 3.25);

        written.put("amount", null);
        assertThatThrownBy(() -> money.vectorize(new AvroFieldReader(roundTrip(written)), v, 0, served))
                .isInstanceOfSatisfying(FeatureException.class, e -> assertThat(e.kind()).isEqualTo(FeatureException.Kind.MISSING_VALUE));
    }

    /** Producers often carry context in a map<string,string>; a dotted path reads one of its keys. */
    @Test
    void readsMapEntriesByKey() throws IOException {
        Schema schema = SchemaBuilder.record("Payment").namespace("com.example").fields()
                .requiredDouble("amount")
                .name("context").type().optional().map().values().stringType()
                .name("geo").type(SchemaBuilder.map().values(SchemaBuilder.record("Geo").fields()
                        .requiredDouble("km").endRecord())).noDefault()
                .endRecord();
        GenericRecord written = new GenericData.Record(schema);
        written.put("amount", 5.0);
        written.put("context", Map.of("merchant", "travel"));
        GenericRecord home = new GenericData.Record(schema.getField("geo").schema().getValueType());
        home.put("km", 2.5);
        written.put("geo", Map.of("home", home));
        GenericRecord record = roundTrip(written);

        AvroFieldReader reader = new AvroFieldReader(record);
        assertThat(reader.has("context.merchant")).isTrue();
        assertThat(reader.has("context.channel")).as("a key the map may hold").isTrue();
        assertThat(reader.has("amount.merchant")).as("a number has no keys").isFalse();
        assertThat(reader.get("context.merchant").toString()).isEqualTo("travel");
        assertThat(reader.get("context.channel")).isNull();
        assertThat(reader.get("geo.home.km")).isEqualTo(2.5);

        FeatureSpec category = new FeatureSpec("category", "context.merchant", FeatureType.CATEGORICAL,
                null, null, null, List.of("grocery", "travel"), true, MissingPolicy.IMPUTE, null);
        FeatureSpec distance = new FeatureSpec("distance", "geo.home.km", FeatureType.NUMERIC,
                NumericTransform.NONE, null, null, null, null, MissingPolicy.IMPUTE, 7.0);
        assertThat(new FeatureVectorizer(List.of(distance, category)).vectorize(record)).containsExactly(2.5f, 0f, 1f, 0f);

        written.put("context", null);
        assertThat(new FeatureVectorizer(List.of(distance, category)).vectorize(roundTrip(written)))
                .as("no map: the category is missing and imputed (here: no category)").containsExactly(2.5f, 0f, 0f, 0f);
    }

    @Test
    void readsUtcTimestampsAsInstantsAndTheirNumericValueAsEpochMillis() {
        Schema micros = LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
        Schema schema = SchemaBuilder.record("Login").fields()
                .name("seen").type(SchemaBuilder.unionOf().nullType().and().type(micros).endUnion()).noDefault()
                .name("count").type().longType().noDefault()
                .endRecord();
        GenericRecord record = new GenericData.Record(schema);
        record.put("seen", 1_764_473_140_123_456L);
        record.put("count", 1_764_473_140_123_456L);

        AvroFieldReader reader = new AvroFieldReader(record);
        assertThat(reader.get("seen")).isEqualTo(Instant.parse("2025-11-30T03:25:40.123456Z"));
        assertThat(reader.get("count")).as("a long without a logical type stays a long").isEqualTo(1_764_473_140_123_456L);
        FeatureSpec seen = new FeatureSpec("seen", "seen", FeatureType.NUMERIC, NumericTransform.NONE,
                null, null, null, null, MissingPolicy.REJECT, null);
        assertThat(FeatureVectorizer.numeric(seen, reader.get("seen"))).isEqualTo(1_764_473_140_123.0);
    }

    private static GenericRecord roundTrip(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(record.getSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    @Test
    void writesAtAnOffsetForBatching() {
        float[] batch = new float[2 * vectorizer.width()];
        vectorizer.vectorize(new MapFieldReader(Map.of("amount", 1.0, "merchant", "grocery")), batch, 0, null);
        vectorizer.vectorize(new MapFieldReader(Map.of("amount", 1.0, "merchant", "travel")), batch, vectorizer.width(), null);
        assertThat(batch[1]).isEqualTo(1f);
        assertThat(batch[vectorizer.width() + 2]).isEqualTo(1f);
    }

    @Test
    void refusesUnfittedOrDuplicateSpecs() {
        assertThatThrownBy(() -> new FeatureVectorizer(List.of(
                FeatureSpec.numeric("amount", null, NumericTransform.STANDARDIZE, MissingPolicy.REJECT))))
                .hasMessageContaining("'amount' is not fitted");
        assertThatThrownBy(() -> new FeatureVectorizer(List.of(AMOUNT, AMOUNT))).hasMessageContaining("defined twice");
        assertThatThrownBy(() -> new FeatureSpec("x", null, null, null, null, null, null, null, null, null))
                .hasMessageContaining("'x'");
    }

    @Test
    void fitterLearnsMeanStdMedianAndVocabulary() {
        List<MapFieldReader> rows = new java.util.ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            rows.add(new MapFieldReader(Map.of("amount", String.valueOf(i), "merchant", i % 10 == 0 ? "travel" : "grocery")));
        }
        List<FeatureSpec> fitted = FeatureFitter.defaults().fit(List.of(
                FeatureSpec.numeric("amount", null, NumericTransform.STANDARDIZE, MissingPolicy.IMPUTE),
                FeatureSpec.categorical("category", "merchant", true, MissingPolicy.IMPUTE)), rows);
        assertThat(fitted.get(0).mean()).isCloseTo(50.5, within(1e-9));
        assertThat(fitted.get(0).std()).isCloseTo(Math.sqrt((100.0 * 100 - 1) / 12), within(1e-9));
        assertThat(fitted.get(0).imputeValue()).isEqualTo(51.0);
        assertThat(fitted.get(1).vocabulary()).containsExactly("grocery", "travel");
    }
}
