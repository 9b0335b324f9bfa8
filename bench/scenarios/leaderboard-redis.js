'use strict';
const { leaderboardScenario } = require('../lib/leaderboard-scenario');

module.exports = leaderboardScenario({ name: 'leaderboard-redis', order: 41, redis: true });
