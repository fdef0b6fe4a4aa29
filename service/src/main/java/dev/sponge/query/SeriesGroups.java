package dev.sponge.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import reactor.core.publisher.Flux;

import dev.sponge.problem.ApiProblem;
import dev.sponge.rollups.Partial;
import dev.sponge.series.SeriesNaming;
import dev.sponge.series.SeriesRow;

/**
 * {@code group_by}: the matching series split by their value of one tag, and the time
 * ordered merge of a group's series into one stream.
 */
final class SeriesGroups {

	/**
	 * Ascending time; on a tie the series with the smaller id first, as in a raw merge.
	 */
	private static final Comparator<Indexed> ORDER = Comparator.comparingLong((Indexed indexed) -> indexed.part.start())
		.thenComparingInt(Indexed::index);

	private SeriesGroups() {
	}

	/** The tag key of a {@code group_by} parameter; a 400 when it is not a tag key. */
	static String tagKey(String groupBy) {
		String problem = SeriesNaming.tagKeyProblem(groupBy);
		if (problem != null) {
			throw ApiProblem.badRequest("group_by '" + groupBy + "' is not a tag key: it " + problem);
		}
		return groupBy;
	}

	/**
	 * The groups of {@code series} (at most the query's series cap, so held in memory),
	 * ordered by key: the group without the tag first, then by value.
	 */
	static List<Group> of(List<SeriesRow> series, String tagKey) {
		Map<String, Group> groups = new TreeMap<>();
		for (SeriesRow row : series) {
			String value = row.tags().get(tagKey);
			String key = (value != null) ? "v" + value : "n";
			groups.computeIfAbsent(key, (k) -> new Group(k, tagKey, value, new ArrayList<>())).members().add(row);
		}
		return List.copyOf(groups.values());
	}

	/**
	 * One ascending stream of the summaries of every source, holding at most
	 * {@code prefetch} summaries per source.
	 */
	@SuppressWarnings("unchecked")
	static Flux<Partial> merge(List<Flux<Partial>> sources, int prefetch) {
		if (sources.size() == 1) {
			return sources.get(0);
		}
		Flux<Indexed>[] indexed = new Flux[sources.size()];
		for (int i = 0; i < indexed.length; i++) {
			int index = i;
			indexed[i] = sources.get(i).map((part) -> new Indexed(index, part));
		}
		return Flux.mergeComparing(prefetch, ORDER, indexed).map(Indexed::part);
	}

	/**
	 * The series with one value of the {@code group_by} tag.
	 *
	 * @param key position in the page order, carried by cursors
	 * @param tagKey the {@code group_by} tag key
	 * @param value the tag's value, {@code null} for series without the tag
	 * @param members the series, ascending by id
	 */
	record Group(String key, String tagKey, String value, List<SeriesRow> members) {

		/** {@code {tagKey: value}}, with a null value for the group without the tag. */
		Map<String, String> label() {
			Map<String, String> label = new LinkedHashMap<>();
			label.put(this.tagKey, this.value);
			return label;
		}

	}

	private record Indexed(int index, Partial part) {
	}

}
