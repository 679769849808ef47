#!/usr/bin/env bash
# Rebuild the assessment records of examples/workspace with the tool itself,
# so they are exactly what `competency assess` writes. Run it after a change
# to a framework's indicators (validate then warns that records were made
# against an older framework). People are fictional, or from the SSSC paper's
# own stories (Mary, Michael, Sunita).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
ws=examples/workspace
rm -rf "$ws/assessments" "$ws/roster.toml" "$ws/reviews"
mkdir -p "$ws/assessments"
chmod 700 "$ws" "$ws/assessments"
c() { ./target/debug/competency --workspace "$ws" "$@" >/dev/null; }

# WDCVS: a community link worker rating herself, then her manager's ratings.
c assess alex-morgan --framework wdcvs --by self --rater "Alex Morgan" --role community-link-worker --date 2026-03-10 \
  --set team-working=3 --set leading-supporting-and-developing-others=3 --set self-awareness-and-impact-on-others=4 \
  --set reason-judgement-and-decision-making=3 --set networking-and-relationship-building=4 \
  --set delivering-quality-services=3 --set customer-and-stakeholder-focus=4 \
  --evidence self-awareness-and-impact-on-others="Asked GP practice staff for feedback after every case review." \
  --evidence networking-and-relationship-building="Built links with six community groups this quarter." --final
c assess alex-morgan --framework wdcvs --by manager --rater "Sam Lee" --role community-link-worker --date 2026-03-17 \
  --set team-working=3 --set leading-supporting-and-developing-others=2 --set self-awareness-and-impact-on-others=2 \
  --set reason-judgement-and-decision-making=3 --set networking-and-relationship-building=3 \
  --set delivering-quality-services=3 --set customer-and-stakeholder-focus=4 \
  --evidence leading-supporting-and-developing-others="Not yet mentoring new link workers." \
  --evidence self-awareness-and-impact-on-others="Feedback from two practices asked for clearer updates." --final
c assess alex-morgan --framework wdcvs --by manager --rater "Sam Lee" --role community-link-worker --date 2026-10-02 \
  --set team-working=4 --set leading-supporting-and-developing-others=3 --set self-awareness-and-impact-on-others=3 \
  --set reason-judgement-and-decision-making=4 --set networking-and-relationship-building=3 \
  --set delivering-quality-services=3 --set customer-and-stakeholder-focus=4 \
  --evidence team-working="Ran the cross-team social prescribing day." --final
c assess jordan-reid --framework wdcvs --by self --rater "Jordan Reid" --role community-link-worker --date 2026-09-10 \
  --set team-working=3 --set leading-supporting-and-developing-others=2 --set self-awareness-and-impact-on-others=3 \
  --set reason-judgement-and-decision-making=3 --set networking-and-relationship-building=3 \
  --set delivering-quality-services=3 --set customer-and-stakeholder-focus=3
c assess jordan-reid --framework wdcvs --by manager --rater "Sam Lee" --role community-link-worker --date 2026-09-15 \
  --set team-working=2 --set leading-supporting-and-developing-others=2 --set self-awareness-and-impact-on-others=3 \
  --set reason-judgement-and-decision-making=3 --set networking-and-relationship-building=3 \
  --set delivering-quality-services=2 --set customer-and-stakeholder-focus=3 \
  --evidence delivering-quality-services="Two monitoring returns late this quarter." --final

# Ombudsman Association: a caseworker's self-assessment (the example caseworker profile is in roles/).
c assess priya-shah --framework ombudsman --by self --rater "Priya Shah" --role caseworker --date 2026-05-06 \
  --set analytical=3 --set impactful=3 --set constructive=4 --set approachable=3 --set open-minded=2 --set professional=4 \
  --evidence open-minded="Tend to reuse the same resolution options; want to learn from other schemes."

# Arun: a team leader rated by their manager against the People Managers tier.
c assess sam-taylor --framework arun --by manager --rater "Morgan Price" --role people-manager --date 2026-04-20 \
  --set customer-focus=people-managers --set accountability=people-managers --set respect=all-colleagues \
  --set embraces-change=leaders --set synergy="People Managers" --final

# Cherwell and South Northamptonshire: an officer rated on the A–H scale, mid-points included.
c assess dana-cole --framework cherwell-snc --by self --rater "Dana Cole" --role council-officer --date 2026-06-01 \
  --set communication=D --set performance-and-outcome-focus=D --set customer-focus=F \
  --set innovation-continuous-improvement-and-problem-solving=C --set collaborative-teamwork=D \
  --set financial-and-commercial-awareness=C --set technical-expertise=E
c assess dana-cole --framework cherwell-snc --by manager --rater "Lee Grant" --role council-officer --date 2026-06-08 \
  --set communication=C --set performance-and-outcome-focus=D --set customer-focus=E \
  --set innovation-continuous-improvement-and-problem-solving=B --set collaborative-teamwork=D \
  --set financial-and-commercial-awareness=C --set technical-expertise=F --final

# SSSC Continuous Learning Framework: the paper's own stories.
c assess mary --framework sssc-clf --by self --rater "Mary" --role support-worker --date 2026-01-18 \
  --set flexibility=engaged --set managing-conflict=engaged --set self-confidence=engaged
c assess mary --framework sssc-clf --by manager --rater "John" --role support-worker --date 2026-01-20 \
  --set managing-conflict=engaged --set self-confidence=engaged --set accurate-self-assessment=engaged \
  --set lifelong-learning=engaged \
  --evidence flexibility="Not yet open to change: complains of change for change's sake, though comes to accept it in time." \
  --evidence managing-conflict="Identified the issue with Kate and sought support to deal with it." --final
c assess michael --framework sssc-clf --by manager --rater "Sarah" --role social-worker --date 2026-02-12 \
  --set developing-others=accomplished --set initiative=established --set judgement=accomplished \
  --set empathy=established \
  --evidence developing-others="Sought out by less experienced colleagues; supports learning in the drug and alcohol team." --final
c assess sunita --from examples/prepared/sunita-self.toml
c assess sunita --framework sssc-clf --by manager --rater "Ray" --role nursery-practitioner --date 2026-08-11 \
  --set motivating-and-leading-others=engaged --set self-confidence=established --final
# A nursery's practitioners, rated by two room leaders (fictional): Ray rates
# half a level and more above Gill for the same role (the calibration
# walk-through), and Gill has rated four people, too few to be compared.
c assess aileen-fraser --framework sssc-clf --by self --rater "Aileen Fraser" --role nursery-practitioner --date 2026-09-15 \
  --set self-confidence=established --set motivating-and-leading-others=engaged --final
c assess aileen-fraser --framework sssc-clf --by manager --rater "Ray" --role nursery-practitioner --date 2026-09-22 \
  --set self-confidence=accomplished --set motivating-and-leading-others=established --final
c assess callum-reid --framework sssc-clf --by self --rater "Callum Reid" --role nursery-practitioner --date 2026-09-22 \
  --set self-confidence=established --set motivating-and-leading-others=established
c assess callum-reid --framework sssc-clf --by manager --rater "Ray" --role nursery-practitioner --date 2026-09-29 \
  --set self-confidence=accomplished --set motivating-and-leading-others=established --final
c assess eilidh-grant --framework sssc-clf --by manager --rater "Ray" --role nursery-practitioner --date 2026-10-06 \
  --set self-confidence=established --set motivating-and-leading-others=established --final
c assess fiona-kerr --framework sssc-clf --by self --rater "Fiona Kerr" --role nursery-practitioner --date 2026-10-06 \
  --set self-confidence=accomplished --set motivating-and-leading-others=established --final
c assess fiona-kerr --framework sssc-clf --by manager --rater "Ray" --role nursery-practitioner --date 2026-10-13 \
  --set self-confidence=accomplished --set motivating-and-leading-others=accomplished --final
c assess hamish-bell --framework sssc-clf --by self --rater "Hamish Bell" --role nursery-practitioner --date 2026-10-13 \
  --set self-confidence=established --set motivating-and-leading-others=engaged --final
c assess hamish-bell --framework sssc-clf --by manager --rater "Gill" --role nursery-practitioner --date 2026-10-20 \
  --set self-confidence=established --set motivating-and-leading-others=engaged --final
c assess isla-murray --framework sssc-clf --by self --rater "Isla Murray" --role nursery-practitioner --date 2026-10-20 \
  --set self-confidence=engaged --set motivating-and-leading-others=engaged
c assess isla-murray --framework sssc-clf --by manager --rater "Gill" --role nursery-practitioner --date 2026-10-27 \
  --set self-confidence=engaged --set motivating-and-leading-others=engaged --final
c assess morag-ross --framework sssc-clf --by self --rater "Morag Ross" --role nursery-practitioner --date 2026-11-17 \
  --set self-confidence=engaged --set motivating-and-leading-others=engaged
c assess morven-shaw --framework sssc-clf --by manager --rater "Gill" --role nursery-practitioner --date 2026-11-03 \
  --set self-confidence=established --set motivating-and-leading-others=established --final
c assess rory-paterson --framework sssc-clf --by manager --rater "Gill" --role nursery-practitioner --date 2026-11-10 \
  --set self-confidence=established --set motivating-and-leading-others=engaged --final
c assess riverside-care-home --subject organisation --framework sssc-clf --by manager --rater "John" --date 2026-01-25 \
  --set planning-for-learning-development-and-improved-practice=engaged \
  --set access-to-feedback=engaged \
  --evidence learning-and-performance-culture="Aspiring to established, but probably not yet operating at engaged."

# The organisation: two managers, two teams, and a link worker who has left.
rm -f "$ws/roster.toml"
c people import examples/prepared/staff.csv --date 2026-06-30

# Peer feedback on Alex from three colleagues: reports about Alex show it
# only as how many, median and range (three or more peers, the default
# peer-minimum), never who said what.
c assess alex-morgan --framework wdcvs --by peer --rater "Jordan Reid" --date 2026-09-21 \
  --set team-working=4 --set networking-and-relationship-building=3 \
  --evidence team-working="Always covers a referral when someone is off." --final
c assess alex-morgan --framework wdcvs --by peer --rater "Priya Shah" --date 2026-09-22 \
  --set team-working=3 --set networking-and-relationship-building=4 --final
c assess alex-morgan --framework wdcvs --by peer --rater "Dana Cole" --date 2026-09-24 \
  --set team-working=4 \
  --evidence team-working="Brought the council's welfare team into our case meetings." --final

# Reviews: what Alex and Sam Lee agreed at last cycle's appraisal (carried to
# the next review, the README's walk-through), and Jordan's this autumn.
c review alex-morgan --date 2026-03-17 --reviewer "Sam Lee" \
  --action "Shadow a senior link worker on new referrals; competency=leading-supporting-and-developing-others; due=2026-06-30; support=Two rota days a month" \
  --action "Ask two GP practices each quarter how clear the updates are; competency=self-awareness-and-impact-on-others; due=2026-09-30" \
  --action "Book the difficult conversations course; owner=manager; due=2026-11-30" \
  --objective "Run the spring wellbeing event; measure=40 people or more attend; due=2026-05-31" --final
c review jordan-reid --date 2026-09-15 --reviewer "Sam Lee" \
  --action "Hand in monitoring returns by the 5th of each month; competency=delivering-quality-services; due=2026-11-30" \
  --objective "Take on two new GP practices; due=2027-03-01" --final

./target/debug/competency --workspace "$ws" validate
