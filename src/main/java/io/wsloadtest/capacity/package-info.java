/**
 * The capacity search (bin/capacity): {@link io.wsloadtest.capacity.CapacitySearch} steps the load up by levels and
 * bisects between the last good and the first bad one; {@link io.wsloadtest.capacity.LaunchedLevels} runs each level
 * as one launcher run and measures it (exact figures from its merged log, the injectors' CPU and GC);
 * {@link io.wsloadtest.capacity.CapacityPlan} refuses bad input before the first level; capacity.json, the level
 * table and the knee charts are its outputs. Levels are driven through the launcher's command line, never its classes.
 */
package io.wsloadtest.capacity;
