/**
 * Sensor inputs of an edge agent: the {@link org.tracemark.edge.sensor.SensorSource} interface a
 * real driver implements, and simulated sources that behave like the real thing — outdoor-coupled
 * and refrigerated temperature (with reefer failures), humidity (with moisture excursions), GPS
 * along a {@link org.tracemark.edge.sensor.Track} (with jumps and detours), load cells and a
 * peak-hold shock sensor — combined per device by {@link org.tracemark.edge.sensor.SensorSet}.
 *
 * <p>Every simulated value is a pure function of a seed and an instant (see {@link
 * org.tracemark.edge.sensor.Noise}), so simulations replay exactly.
 */
package org.tracemark.edge.sensor;
