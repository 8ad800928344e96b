"""What runs around the core for every channel: intake, delivery, the scheduler, pacing, supervision."""
