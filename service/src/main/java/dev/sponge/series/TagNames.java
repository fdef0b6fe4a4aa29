package dev.sponge.series;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The smallest distinct tag keys or values seen, at most a page of them, in ascending
 * code point order (the order of UTF-8 bytes, as Cassandra orders metric names).
 */
final class TagNames {

	static final Comparator<String> ORDER = TagNames::compareCodePoints;

	private final TreeSet<String> names = new TreeSet<>(ORDER);

	private final int capacity;

	TagNames(int capacity) {
		this.capacity = capacity;
	}

	void add(String name) {
		if (this.names.size() < this.capacity) {
			this.names.add(name);
		}
		else if (ORDER.compare(name, this.names.last()) < 0 && this.names.add(name)) {
			this.names.pollLast();
		}
	}

	List<String> sorted() {
		return new ArrayList<>(this.names);
	}

	private static int compareCodePoints(String a, String b) {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			int x = a.codePointAt(i);
			int y = b.codePointAt(j);
			if (x != y) {
				return Integer.compare(x, y);
			}
			i += Character.charCount(x);
			j += Character.charCount(y);
		}
		return Boolean.compare(i < a.length(), j < b.length());
	}

}
