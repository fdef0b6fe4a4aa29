package dev.sponge.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpValuesTest {

	@Test
	void bucketBoundsAreWrittenAsPrometheusUsersReadThem() {
		assertThat(OtlpValues.decimal(0.005)).isEqualTo("0.005");
		assertThat(OtlpValues.decimal(1.0)).isEqualTo("1");
		assertThat(OtlpValues.decimal(2.5)).isEqualTo("2.5");
		assertThat(OtlpValues.decimal(1e6)).isEqualTo("1000000");
		assertThat(OtlpValues.decimal(0)).isEqualTo("0");
		assertThat(OtlpValues.decimal(-0.25)).isEqualTo("-0.25");
		assertThat(OtlpValues.decimal(1e30)).isEqualTo("1E+30");
		assertThat(OtlpValues.decimal(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
	}

	@Test
	void attributeValuesOfEveryKindBecomeText() {
		assertThat(OtlpValues.text(AnyValue.newBuilder().setStringValue("eu-west").build())).isEqualTo("eu-west");
		assertThat(OtlpValues.text(AnyValue.newBuilder().setBoolValue(false).build())).isEqualTo("false");
		assertThat(OtlpValues.text(AnyValue.newBuilder().setIntValue(-42).build())).isEqualTo("-42");
		assertThat(OtlpValues.text(AnyValue.newBuilder().setDoubleValue(3.0).build())).isEqualTo("3");
		assertThat(OtlpValues.text(AnyValue.getDefaultInstance())).isEmpty();
		AnyValue nested = AnyValue.newBuilder()
			.setKvlistValue(KeyValueList.newBuilder()
				.addValues(KeyValue.newBuilder()
					.setKey("a\nb")
					.setValue(AnyValue.newBuilder()
						.setArrayValue(ArrayValue.newBuilder()
							.addValues(AnyValue.newBuilder().setIntValue(1))
							.addValues(AnyValue.newBuilder().setDoubleValue(Double.NaN))
							.addValues(AnyValue.getDefaultInstance())))))
			.build();
		assertThat(OtlpValues.text(nested)).isEqualTo("{\"a\\u000ab\":[1,\"NaN\",null]}");
	}

}
