package dev.sponge.promapi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.sponge.promql.QueryResult;
import dev.sponge.promql.ValueType;

/**
 * Prometheus' response envelope: {@code status} {@code success} with {@code data}, or
 * {@code error} with {@code errorType} and {@code error}; {@code warnings} when there are
 * any.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PromResponse(String status, Object data, String errorType, String error, List<String> warnings) {

	static PromResponse success(Object data) {
		return new PromResponse("success", data, null, null, null);
	}

	static PromResponse error(String errorType, String error) {
		return new PromResponse("error", null, errorType, error, null);
	}

	/** {@code data} of a query: {@code resultType} and {@code result}. */
	static Map<String, Object> queryData(QueryResult result) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("resultType", result.type().wireName());
		if (result.type() == ValueType.SCALAR) {
			data.put("result", List.of(time(result.time()), value(result.scalar())));
		}
		else if (result.type() == ValueType.STRING) {
			data.put("result", List.of(time(result.time()), result.string()));
		}
		else {
			List<Map<String, Object>> series = new ArrayList<>();
			for (QueryResult.Series s : result.series()) {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("metric", s.labels().asMap());
				if (result.type() == ValueType.VECTOR) {
					entry.put("value", List.of(time(s.ts()[0]), value(s.values()[0])));
				}
				else {
					List<List<Object>> values = new ArrayList<>(s.ts().length);
					for (int i = 0; i < s.ts().length; i++) {
						values.add(List.of(time(s.ts()[i]), value(s.values()[i])));
					}
					entry.put("values", values);
				}
				series.add(entry);
			}
			data.put("result", series);
		}
		return data;
	}

	/** Unix seconds, with the milliseconds as decimals when there are any. */
	static Number time(long millis) {
		return (millis % 1000 == 0) ? (Number) (millis / 1000) : BigDecimal.valueOf(millis, 3);
	}

	/**
	 * A sample value as Prometheus writes it: a string, {@code NaN}, {@code +Inf},
	 * {@code -Inf}.
	 */
	static String value(double v) {
		if (Double.isNaN(v)) {
			return "NaN";
		}
		if (Double.isInfinite(v)) {
			return (v > 0) ? "+Inf" : "-Inf";
		}
		if (v == Math.rint(v) && Math.abs(v) < 1e15) {
			return Long.toString((long) v);
		}
		String text = Double.toString(v);
		return (text.contains("E")) ? new BigDecimal(text).toPlainString() : text;
	}

}
