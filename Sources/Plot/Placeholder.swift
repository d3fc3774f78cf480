// Placeholder until the Plot work lands.
