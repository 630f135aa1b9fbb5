//! A small thesaurus of common English words, written for the synthetic reuse corpus
//! ([`crate::rewrite`]): each line of [`GROUPS`] is a group of words that can stand for one
//! another in most running text (synonyms, or close related words such as a more general
//! term). It is this project's own list, built by hand for the paraphrase-like rewrites, not
//! drawn from WordNet or another thesaurus; it is small (a few hundred words) and deliberately
//! loose, as a human paraphraser or PAN's "replace with a related word" operation is.
//!
//! Only lower-case single words; the rewriter keeps the case of the word it replaces.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The groups, one per line, words separated by spaces.
const GROUPS: &str = "\
able capable competent
about approximately roughly around
above over
accept take receive
according consistent
achieve reach attain accomplish
act behave operate
action step measure move
actually really indeed
add include append
additional extra further more
address tackle handle
advantage benefit gain
affect influence alter
after following
again anew
against versus
agree concur consent
aid help assist support
aim goal objective purpose target
allow permit enable let
almost nearly practically
also too additionally
although though while whereas
always invariably constantly
amount quantity sum volume
analyse examine study analyze inspect
announce declare proclaim state
answer reply response
appear seem look
approach method technique way
area region zone district
argue contend claim maintain
arrive come reach
ask inquire request query
attempt try effort bid
author writer
avoid evade escape
award prize honour
bad poor awful
basic fundamental elementary essential
because since as
become grow turn
before prior
begin start commence initiate launch
behaviour conduct
belief view opinion conviction
big large huge sizeable major
born birthed
build construct erect assemble
business company firm enterprise
buy purchase acquire
call name term label
car vehicle automobile
careful cautious meticulous
carry bear transport convey
case instance example
cause reason source
centre center core hub
certain sure definite
change alter modify adjust amend
cheap inexpensive affordable
check verify examine confirm
child kid youngster
choose select pick opt
city town metropolis
claim assert allege
clear obvious evident plain apparent
close near nearby
common frequent usual ordinary widespread
complete finish conclude end
complex complicated intricate elaborate
concern worry issue
consider regard deem weigh
contain hold include comprise
continue proceed persist carry
control manage regulate run
correct right accurate exact
cost price expense charge
country nation state land
create make produce generate form
crucial vital critical key
current present existing
danger risk hazard threat
data information figures
decide determine resolve settle
decline fall drop decrease
decrease reduce lower cut
deep profound
define specify describe
demand require need
demonstrate show prove illustrate display
depend rely hinge
describe depict portray characterise
design plan layout
despite notwithstanding
detail particular specific
develop evolve grow advance
difference distinction contrast gap
different distinct diverse varied
difficult hard tough challenging
discover find uncover detect
discuss debate talk
display exhibit show
distribute spread disperse
divide split separate
document paper record file
during throughout
early initial first
easy simple straightforward effortless
effect result consequence outcome impact
efficient effective productive
effort work endeavour labour
either any
employ hire use engage
encourage promote foster urge
end finish close stop
enough sufficient adequate ample
ensure guarantee secure
entire whole complete full
environment setting surroundings context
equal equivalent identical
error mistake fault flaw
especially particularly notably specifically
establish found set institute
estimate assess gauge evaluate
event occasion occurrence incident
eventually ultimately finally
every each all
evidence proof indication sign
exact precise accurate
example instance illustration sample
expand extend enlarge broaden widen
expect anticipate await predict
experience encounter undergo
explain clarify describe account
fact reality truth
factor element component
fail falter collapse
famous renowned celebrated noted prominent well-known
fast quick rapid swift speedy
feature characteristic trait property attribute
few several some
field domain area discipline
fight battle struggle combat
final last concluding
find locate discover
firm solid steady
focus concentrate centre
follow pursue trail
force power strength
form shape structure
former previous earlier prior
frequently often regularly commonly
function role purpose job
gather collect assemble accumulate
general broad overall universal
get obtain gain acquire
give provide offer supply grant
global worldwide international
good fine great excellent
government administration authorities
great large vast considerable
group team band set
grow increase rise expand
guess suppose assume
happen occur arise
help aid support assist
high tall elevated
hold keep retain
however nevertheless nonetheless yet
huge enormous immense massive
idea notion concept thought
identify recognise recognize spot pinpoint
ignore disregard overlook neglect
illness disease sickness
image picture photo
immediately instantly promptly
impact effect influence
important significant major key notable
improve enhance better boost upgrade
include contain encompass cover
increase raise grow boost
indicate suggest signal show imply
individual person
industry sector trade
influence sway affect
inform tell notify advise
initial first opening
injury wound harm
instead rather alternatively
issue problem matter question concern
job task duty role
join connect link unite
journey trip voyage
keep retain maintain preserve
kill slay murder
kind type sort variety
knowledge understanding expertise
known recognised famous
lack absence shortage want
large big sizeable substantial
last final latest
late delayed
later subsequently afterwards
lead guide head direct
learn study discover
leave depart exit quit
level degree extent
likely probable possible
limit restrict restrain curb
link connection tie bond
little small tiny slight
live reside dwell
local regional nearby
long lengthy extended prolonged
lose misplace forfeit
loss defeat
low little minor
main principal chief primary central
maintain keep sustain preserve
major main significant leading
make create produce build
manage handle run direct
many numerous several various
mark sign indicate
market trade exchange
material matter substance stuff
mean signify denote
meet encounter gather
member participant
method approach technique procedure process
mind intellect brain
modern contemporary current recent
moreover furthermore besides additionally
most majority
move shift transfer relocate
movie film picture
much greatly considerably
near close adjacent
necessary essential required needed
need require want
new novel fresh recent
normal usual standard typical regular
note observe remark notice
now currently presently
number figure count total
obtain get acquire gain
occur happen take
offer provide propose
official formal authorised
old aged ancient elderly
only just merely solely
open start begin
opportunity chance opening
order command instruct direct
organise organize arrange coordinate
origin source beginning root
outcome result consequence
overall general total
own possess hold
paper article document
part portion section piece component
particular specific certain
past former previous
pay compensate remunerate
people persons individuals folk
perform carry conduct execute do
perhaps maybe possibly
period time phase era stage
permit allow enable authorise
person individual human
place location spot site position
plan scheme programme strategy
play perform act
point moment stage
popular favoured common
position post role
possible feasible viable
power strength force authority
predict forecast foresee
prefer favour
prepare ready arrange
present show offer give
prevent stop avert hinder
primary main chief first
problem issue difficulty trouble
process procedure method course
produce make yield generate create
program programme scheme
project plan scheme venture
protect defend guard shield safeguard
prove demonstrate establish show
provide supply give furnish offer
publish release issue print
purpose aim goal intent
quick fast rapid swift
quite rather fairly
raise lift increase
range scope span spectrum
rapid fast quick swift
rate pace speed
reach attain achieve
real genuine actual true
reason cause motive ground
receive get obtain gain
recent latest new
record register log
reduce lessen decrease diminish cut
refer mention cite
region area zone territory
reject refuse decline dismiss
release issue publish launch
relevant pertinent applicable related
remain stay continue persist
remove eliminate delete erase
replace substitute supplant
report account statement
represent depict symbolise portray
require need demand
research study investigation inquiry
result outcome effect consequence
reveal disclose expose uncover show
rich wealthy affluent
rise increase climb growth
role function part position
rule regulation law norm
run operate manage
safe secure protected
same identical equal
say state declare remark
search seek hunt look
second next subsequent
see observe notice view
seek search pursue
select choose pick
sell vend market
send dispatch transmit
serious grave severe
set group collection
several various numerous many
shape form figure
share portion part
short brief concise
show display demonstrate reveal
significant important considerable notable
similar alike comparable analogous
simple easy basic plain
since because as
size magnitude dimension extent
skill ability talent competence
slow gradual sluggish
small little minor modest
solve resolve settle fix
sometimes occasionally
soon shortly presently
source origin root
special particular distinct unique
speed pace rate velocity
start begin commence launch
state declare assert announce
still yet
stop halt cease end
story account tale narrative
strong powerful robust sturdy
study research examine investigate
subject topic theme
succeed prosper triumph
success achievement triumph
suggest propose recommend indicate
support back aid help
sure certain confident
system structure scheme framework
take grab seize
talk speak converse chat
task job duty assignment
team group squad crew
technique method approach
tell inform notify
test trial examination experiment
therefore thus hence consequently
thing object item article
think believe consider reckon
though although
threat danger menace
together jointly collectively
total whole entire complete
tough hard difficult
town city village
trade commerce business
traditional conventional customary
try attempt endeavour
type kind sort category class
understand comprehend grasp
unique distinctive singular
unit component module
use employ utilise utilize apply
useful helpful beneficial valuable
usually generally normally typically
value worth merit
various diverse different several
vast huge immense enormous
view opinion outlook perspective
visit call
want desire wish
war conflict warfare
way manner method means
weak feeble fragile frail
well properly
whole entire complete full
wide broad extensive
win triumph prevail
without lacking
word term expression
work labour job
world globe earth
write compose author
wrong incorrect false mistaken
year annum
young youthful
";

/// Words a word can be replaced with: every other word of every group it is in.
fn table() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static TABLE: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for line in GROUPS.lines() {
            let words: Vec<&'static str> = line.split_whitespace().collect();
            for &w in &words {
                let entry = t.entry(w).or_default();
                for &o in &words {
                    if o != w && !entry.contains(&o) {
                        entry.push(o);
                    }
                }
            }
        }
        t
    })
}

/// The words that can stand for `word` (lower case), in the list's order; empty when the
/// word is not in the list.
pub fn synonyms(word: &str) -> &'static [&'static str] {
    table().get(word).map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_symmetric_and_large_enough() {
        assert!(table().len() >= 500, "{}", table().len());
        assert!(synonyms("big").contains(&"large"));
        assert!(synonyms("large").contains(&"big"));
        assert!(synonyms("zzz").is_empty());
        for line in GROUPS.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert!(words.len() >= 2, "a group of one word: {line:?}");
            for w in &words {
                assert_eq!(*w, w.to_lowercase(), "{line:?}");
                assert!(!synonyms(w).contains(w), "{w} is its own synonym");
            }
        }
    }
}
