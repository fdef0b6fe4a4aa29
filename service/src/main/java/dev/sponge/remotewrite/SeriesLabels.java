package dev.sponge.remotewrite;

import java.util.TreeMap;

import dev.sponge.problem.ApiProblem;
import dev.sponge.series.SeriesKey;
import dev.sponge.series.SeriesNaming;

/**
 * The labels of one remote-write series as a Sponge series: {@code __name__} is the
 * metric, every other label a tag of the same name and value. Nothing is renamed or
 * escaped: every Prometheus metric and label name of up to 128 characters is a valid
 * Sponge metric name and tag key, so a series reads back with the labels it was written
 * with. A label with an empty value is no label in Prometheus, and is left out. The
 * labels must be sorted by name without repeats, as the specifications require.
 */
final class SeriesLabels {

	static final String METRIC_NAME = "__name__";

	private static final int QUOTED_MAX = 64;

	private final String where;

	private final int maxTags;

	private final TreeMap<String, String> tags = new TreeMap<>();

	private String previous;

	private String metric;

	/**
	 * @param where the series in the request, e.g. {@code timeseries[3]}, for problems
	 * @param maxTags most labels besides {@code __name__}
	 */
	SeriesLabels(String where, int maxTags) {
		this.where = where;
		this.maxTags = maxTags;
	}

	void add(String name, String value) {
		String nameProblem = SeriesNaming.tagKeyProblem(name);
		if (nameProblem != null) {
			throw invalid("label name " + quote(name) + " " + nameProblem);
		}
		if (this.previous != null) {
			// Names are ASCII here, so String order is the byte order the sender sorts
			// by.
			int order = this.previous.compareTo(name);
			if (order == 0) {
				throw invalid("label " + quote(name) + " appears twice");
			}
			if (order > 0) {
				throw invalid("labels are not sorted by name: " + quote(name) + " comes after " + quote(this.previous));
			}
		}
		this.previous = name;
		if (METRIC_NAME.equals(name)) {
			String problem = SeriesNaming.metricProblem(value);
			if (problem != null) {
				throw invalid("metric name (label __name__) "
						+ (value.isEmpty() ? "is empty" : quote(value) + " " + problem));
			}
			this.metric = value;
			return;
		}
		if (value.isEmpty()) {
			return;
		}
		String valueProblem = SeriesNaming.tagValueProblem(value);
		if (valueProblem != null) {
			throw invalid("value of label " + quote(name) + " " + valueProblem);
		}
		if (this.tags.size() == this.maxTags) {
			throw invalid("has more than " + this.maxTags + " labels besides __name__ (sponge.series.max-tags)");
		}
		this.tags.put(name, value);
	}

	SeriesKey key() {
		if (this.metric == null) {
			throw invalid("has no metric name (label __name__)");
		}
		return new SeriesKey(this.metric, this.tags);
	}

	private ApiProblem invalid(String what) {
		return ApiProblem.badRequest(this.where + ": " + what + "; nothing of the request was written")
			.withType(RemoteWriteDecoder.INVALID);
	}

	private static String quote(String text) {
		if (text.length() <= QUOTED_MAX) {
			return "\"" + text + "\"";
		}
		int end = Character.isHighSurrogate(text.charAt(QUOTED_MAX - 1)) ? QUOTED_MAX - 1 : QUOTED_MAX;
		return "\"" + text.substring(0, end) + "...\"";
	}

}
