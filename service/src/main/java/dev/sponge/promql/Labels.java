package dev.sponge.promql;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable set of labels, sorted by name, the metric name as {@code __name__}. Labels
 * with empty values are left out, as Prometheus leaves them out.
 */
public final class Labels implements Comparable<Labels> {

	/** The metric name label. */
	public static final String NAME = "__name__";

	static final Labels EMPTY = new Labels(new TreeMap<>());

	private final TreeMap<String, String> map;

	private final int hash;

	private Labels(TreeMap<String, String> map) {
		this.map = map;
		this.hash = map.hashCode();
	}

	/** Labels from a map; empty values are dropped. */
	public static Labels of(Map<String, String> labels) {
		TreeMap<String, String> map = new TreeMap<>();
		labels.forEach((name, value) -> {
			if (value != null && !value.isEmpty()) {
				map.put(name, value);
			}
		});
		return new Labels(map);
	}

	/** The labels of a Sponge series: the metric as {@code __name__}, tags as labels. */
	public static Labels ofSeries(String metric, Map<String, String> tags) {
		TreeMap<String, String> map = new TreeMap<>(tags);
		map.put(NAME, metric);
		return of(map);
	}

	public String get(String name) {
		return this.map.get(name);
	}

	/** An unmodifiable view, sorted by name. */
	public Map<String, String> asMap() {
		return java.util.Collections.unmodifiableSortedMap(this.map);
	}

	Labels without(Collection<String> names) {
		TreeMap<String, String> copy = new TreeMap<>(this.map);
		copy.keySet().removeAll(names);
		return new Labels(copy);
	}

	Labels withoutName() {
		return this.map.containsKey(NAME) ? without(java.util.List.of(NAME)) : this;
	}

	Labels only(Collection<String> names) {
		TreeMap<String, String> copy = new TreeMap<>();
		for (String name : names) {
			String value = this.map.get(name);
			if (value != null) {
				copy.put(name, value);
			}
		}
		return new Labels(copy);
	}

	/** With {@code name} set to {@code value}, or removed when the value is empty. */
	Labels with(String name, String value) {
		TreeMap<String, String> copy = new TreeMap<>(this.map);
		if (value == null || value.isEmpty()) {
			copy.remove(name);
		}
		else {
			copy.put(name, value);
		}
		return new Labels(copy);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Labels labels && labels.hash == this.hash && labels.map.equals(this.map);
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

	@Override
	public int compareTo(Labels other) {
		String[] mine = flat();
		String[] theirs = other.flat();
		return Arrays.compare(mine, theirs);
	}

	private String[] flat() {
		String[] flat = new String[this.map.size() * 2];
		int i = 0;
		for (Map.Entry<String, String> entry : this.map.entrySet()) {
			flat[i++] = entry.getKey();
			flat[i++] = entry.getValue();
		}
		return flat;
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("{");
		this.map.forEach((name, value) -> {
			if (text.length() > 1) {
				text.append(", ");
			}
			text.append(name).append("=\"").append(value).append('"');
		});
		return text.append('}').toString();
	}

}
