-- Hand-written: the CO₂ factor of a community's grid is a plain number of grams per kWh.
ALTER TABLE "community" ADD CONSTRAINT "community_co2_factor_range" CHECK ("co2_grams_per_kwh" BETWEEN 0 AND 2000);
