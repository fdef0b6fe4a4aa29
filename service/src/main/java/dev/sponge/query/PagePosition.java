package dev.sponge.query;

import java.util.List;

import dev.sponge.paging.CursorCodec;
import dev.sponge.problem.ApiProblem;

/**
 * Where the next page of a points query (raw or aggregated) starts: the absolute range of
 * the first page, the series the previous page ended in, and the time within it. Travels
 * in the page's cursor, bound to the query's scope.
 *
 * @param range the range of the first page (relative times resolved once)
 * @param seriesId the series the previous page ended in
 * @param ts time of the last point (raw) or start of the next bucket (aggregated)
 */
record PagePosition(QueryRange range, String seriesId, long ts) {

	static PagePosition decode(CursorCodec codec, String cursor, List<String> scope) {
		List<String> parts = codec.decode(cursor, scope, 4);
		return new PagePosition(new QueryRange(parseLong(parts.get(0)), parseLong(parts.get(1))), parts.get(2),
				parseLong(parts.get(3)));
	}

	String encode(CursorCodec codec, List<String> scope) {
		return codec.encode(scope, Long.toString(this.range.from()), Long.toString(this.range.to()), this.seriesId,
				Long.toString(this.ts));
	}

	/**
	 * Whether the page goes on with this series (it is the resumed one or comes after
	 * it).
	 */
	static boolean reaches(PagePosition position, String seriesId) {
		return position == null || seriesId.compareTo(position.seriesId()) >= 0;
	}

	private static long parseLong(String text) {
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw ApiProblem.badRequest("The cursor is not valid; use the 'next' value of a previous page as is");
		}
	}

}
