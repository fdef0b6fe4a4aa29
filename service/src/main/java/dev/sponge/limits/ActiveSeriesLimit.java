package dev.sponge.limits;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.sponge.series.SeriesCatalog;
import dev.sponge.series.SeriesCatalog.Crowded;
import dev.sponge.series.SeriesCatalog.Registration;
import dev.sponge.tenancy.Tenant;

/**
 * The active-series limit: a write that would bring the tenant's series written through
 * this instance within the last {@code sponge.series.catalogue-refresh} above its limit
 * is refused with 429 before anything of it is written; writes to series already active
 * here always pass. Decided in memory, from the series the catalogue remembers.
 */
@Component
public class ActiveSeriesLimit {

	private final SeriesCatalog catalog;

	private final LimitRefusals refusals;

	ActiveSeriesLimit(SeriesCatalog catalog, LimitRefusals refusals) {
		this.catalog = catalog;
		this.refusals = refusals;
	}

	/**
	 * Admits the series of a write as the tenant's active series, or throws the 429
	 * problem of {@link TenantLimit#ACTIVE_SERIES} and admits none.
	 */
	public void admit(Tenant tenant, TenantLimits limits, List<Registration> registrations) {
		long max = limits.get(TenantLimit.ACTIVE_SERIES);
		this.catalog.admit(tenant, registrations, max).ifPresent((crowded) -> {
			throw refusal(max, crowded);
		});
	}

	private RuntimeException refusal(long max, Crowded crowded) {
		return this.refusals.refuse(TenantLimit.ACTIVE_SERIES, max, crowded.active(), crowded.retryAfter(),
				"The request writes " + crowded.adding() + " series new to this instance while the tenant has "
						+ crowded.active() + " active series here (written within sponge.series.catalogue-refresh); "
						+ "nothing of this request was written, and writes to its active series still pass");
	}

}
