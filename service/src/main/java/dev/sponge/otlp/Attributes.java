package dev.sponge.otlp;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

import dev.sponge.series.SeriesNaming;

/**
 * OTLP attributes as Sponge tags: the key is the tag key as it is (a key Sponge cannot
 * name is refused, never renamed into another one), the value is the attribute's value as
 * text ({@link OtlpValues#text}); an attribute with an empty value is no tag, as an empty
 * label is none in Prometheus.
 */
final class Attributes {

	private static final int QUOTED_MAX = 64;

	private Attributes() {
	}

	/**
	 * The tags of a resource's or scope's attributes: only those {@code allowed} names.
	 */
	static TreeMap<String, String> allowed(List<KeyValue> attributes, Set<String> allowed, String where, int maxTags) {
		TreeMap<String, String> tags = new TreeMap<>();
		if (allowed.isEmpty()) {
			return tags;
		}
		for (int i = 0; i < attributes.size(); i++) {
			KeyValue attribute = attributes.get(i);
			if (allowed.contains(attribute.getKey())) {
				add(tags, attribute, where, i, maxTags, Set.of());
			}
		}
		return tags;
	}

	/**
	 * The tags of one data point: its own attributes, then those of its resource and
	 * scope ({@code inherited}) that it does not have itself.
	 * @param reserved tag keys Sponge sets itself for this data point
	 */
	static TreeMap<String, String> of(List<KeyValue> attributes, TreeMap<String, String> inherited, String where,
			int maxTags, Set<String> reserved) {
		TreeMap<String, String> tags = new TreeMap<>();
		for (int i = 0; i < attributes.size(); i++) {
			add(tags, attributes.get(i), where, i, maxTags, reserved);
		}
		if (!inherited.isEmpty()) {
			inherited.forEach(tags::putIfAbsent);
			if (tags.size() > maxTags) {
				throw OtlpDecoder.invalid(where + ": has more than " + maxTags
						+ " tags with its resource's and scope's allowed attributes (sponge.series.max-tags)");
			}
		}
		return tags;
	}

	/**
	 * @param where the message whose attributes these are, for problems
	 * @param index the attribute's index there
	 */
	private static void add(TreeMap<String, String> tags, KeyValue attribute, String where, int index, int maxTags,
			Set<String> reserved) {
		OtlpDecoder.requireKnownWireTypes(attribute, where + ".attributes[" + index + "]");
		OtlpDecoder.requireKnownWireTypes(attribute.getValue(), where + ".attributes[" + index + "].value");
		String key = attribute.getKey();
		String keyProblem = SeriesNaming.tagKeyProblem(key);
		if (keyProblem != null) {
			throw OtlpDecoder
				.invalid(where + ".attributes[" + index + "]: attribute key " + quote(key) + " " + keyProblem);
		}
		if (reserved.contains(key)) {
			throw OtlpDecoder.invalid(where + ".attributes[" + index + "]: attribute key " + quote(key)
					+ " is a tag Sponge sets itself here");
		}
		if (tags.containsKey(key)) {
			throw OtlpDecoder.invalid(where + ".attributes[" + index + "]: attribute " + quote(key) + " appears twice");
		}
		if (attribute.getValue().getValueCase() == AnyValue.ValueCase.STRING_VALUE_STRINDEX) {
			throw OtlpDecoder.invalid(where + ".attributes[" + index + "]: attribute " + quote(key)
					+ " refers to a string table (string_value_strindex), which metrics do not have");
		}
		String value = OtlpValues.text(attribute.getValue());
		if (value.isEmpty()) {
			return;
		}
		String valueProblem = SeriesNaming.tagValueProblem(value);
		if (valueProblem != null) {
			throw OtlpDecoder
				.invalid(where + ".attributes[" + index + "]: value of attribute " + quote(key) + " " + valueProblem);
		}
		if (tags.size() == maxTags) {
			throw OtlpDecoder.invalid(where + ".attributes[" + index + "]: more than " + maxTags
					+ " attributes (sponge.series.max-tags)");
		}
		tags.put(key, value);
	}

	static String quote(String text) {
		if (text.length() <= QUOTED_MAX) {
			return "\"" + text + "\"";
		}
		int end = Character.isHighSurrogate(text.charAt(QUOTED_MAX - 1)) ? QUOTED_MAX - 1 : QUOTED_MAX;
		return "\"" + text.substring(0, end) + "...\"";
	}

}
