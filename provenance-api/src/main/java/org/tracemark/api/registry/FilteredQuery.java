package org.tracemark.api.registry;

import jakarta.persistence.EntityManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JPQL list query whose optional filters are each written once: the condition and the value it
 * binds together, left out when the value is null. Keeps every registry list's query and its
 * parameters from drifting apart.
 */
final class FilteredQuery<T> {

  private final Class<T> type;
  private final StringBuilder jpql;
  private final Map<String, Object> parameters = new LinkedHashMap<>();

  /**
   * @param select {@code select x from Entity x} (no where clause)
   */
  FilteredQuery(Class<T> type, String select) {
    this.type = type;
    this.jpql = new StringBuilder(select).append(" where 1 = 1");
  }

  /** Adds {@code and <condition>}, binding {@code :name} to {@code value}, unless it is null. */
  FilteredQuery<T> and(String condition, String name, Object value) {
    if (value != null) {
      jpql.append(" and ").append(condition);
      parameters.put(name, value);
    }
    return this;
  }

  /** One page in {@code orderBy} order, plus one row that tells whether there is a next page. */
  List<T> page(EntityManager em, String orderBy, int size) {
    var query = em.createQuery(jpql + " order by " + orderBy, type);
    parameters.forEach(query::setParameter);
    return query.setMaxResults(size + 1).getResultList();
  }
}
