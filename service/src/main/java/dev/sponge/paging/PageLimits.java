package dev.sponge.paging;

/**
 * How many items a page of a paged endpoint holds. The read endpoints' limits
 * ({@code sponge.query.default-limit}, {@code sponge.query.max-limit}) implement it, and
 * the discovery endpoints page with the same limits without depending on the queries.
 */
public interface PageLimits {

	/**
	 * The page size a request asks for: the default when {@code requested} is
	 * {@code null}, else {@code requested} if it is within the maximum.
	 * @throws dev.sponge.problem.ApiProblem (400) naming the maximum when it is not
	 */
	int limit(Integer requested);

}
