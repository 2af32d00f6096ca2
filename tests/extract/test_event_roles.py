"""Event roles beyond the clause: pronouns, coordinated verbs, unnamed groups, officials.

Every sentence here is written for the test; none comes from a real report.
"""

from __future__ import annotations

import dossier
from dossier.extract.events import inflect


def events(text: str, published: str | None = "2015-03-10") -> list:
    return dossier.extract(text, published=published).events


def by_trigger(text: str) -> dict[str, object]:
    return {e.explain["trigger"]: e for e in events(text)}


def test_stress_final_verbs_double_their_consonant() -> None:
    forms = inflect("expel")
    assert "expelled" in forms and "expelling" in forms
    assert "kidnapping" in inflect("kidnap")
    assert "opening fire" in inflect("open fire:opened fire")
    assert "targeted" in inflect("target")


def test_coordinated_verbs_share_the_first_subject_and_pronoun_objects() -> None:
    evs = by_trigger(
        "Shiite militias are expelling Sunni families from their homes in Diyala, "
        "seize their properties and massacre them, a local council member said."
    )
    assert set(evs) >= {"expelling", "seize", "massacre"}
    for trig in ("expelling", "seize", "massacre"):
        assert evs[trig].actor1 == "Iran-backed Shia militias", trig
        assert evs[trig].actor2 == "Sunni community", trig
    assert evs["massacre"].explain["actor1"].startswith("coordinated verb")
    assert evs["massacre"].explain["actor2"].startswith("object pronoun")


def test_a_later_actor_is_not_the_target_when_a_pronoun_follows_the_verb() -> None:
    evs = by_trigger(
        "Gunmen rounded up Yazidi farmers near Sinjar and executed them "
        "in the name of fighting the Peshmerga."
    )
    assert evs["executed"].actor2 != "Peshmerga"


def test_unnamed_militias_act_and_are_what_they_stands_for() -> None:
    evs = events(
        "A farmer told the radio station that militias burned homes in Tuz Khurmatu. "
        "They also arrested his two sons."
    )
    burn = next(e for e in evs if e.explain["trigger"] == "burned")
    arrest = next(e for e in evs if e.explain["trigger"] == "arrested")
    assert burn.actor1 == "militias"
    assert arrest.actor1 == "militias"
    assert arrest.explain["actor1"].startswith("pronoun")


def test_named_antecedent_wins_over_an_unnamed_group() -> None:
    evs = events(
        "The Badr Organization sent fighters and militiamen to Amerli in August. "
        "They later shelled Islamic State positions near the town."
    )
    shell = next(e for e in evs if e.explain["trigger"] == "shelled")
    assert shell.actor1 == "Badr Organization"


def test_supporters_of_a_movement_act_for_it() -> None:
    [e] = [
        e
        for e in events("Supporters of the Sadrist Movement stormed the parliament on Saturday.")
        if e.type == "PROTEST"
    ]
    assert e.actor1 == "Sadrist Movement"


def test_officials_of_a_state_speak_and_act_for_it() -> None:
    [e] = [
        e
        for e in events(
            "Turkish officials have confirmed that they trained Sunni tribal fighters in Bashiqa."
        )
        if e.type == "AID"
    ]
    assert e.actor1 == "Turkey"
    # a party to the conflict telling of its own deed is a claim, not a fact
    assert e.status == "claimed"


def test_a_party_announcing_its_own_statement_is_asserted() -> None:
    [e] = [
        e
        for e in events("Iran said on Tuesday that it condemned the airstrike on the border post.")
        if e.type == "ACCUSE"
    ]
    assert e.status == "asserted"


def test_unnamed_roles_are_carried_over_from_the_event_just_told() -> None:
    evs = events(
        "Kata'ib Hezbollah fighters stormed the Yazidi village of Kocho on Monday. "
        "Dozens of homes were burned and eleven men were executed."
    )
    burned = next(e for e in evs if e.explain["trigger"] == "burned")
    executed = next(e for e in evs if e.explain["trigger"] == "executed")
    for e in (burned, executed):
        assert e.actor1 == "Kata'ib Hezbollah"
        assert e.explain["actor1"].startswith("carried over")


def test_roles_are_not_carried_across_paragraphs_or_families() -> None:
    evs = events(
        "Kata'ib Hezbollah fighters stormed the village of Kocho on Monday.\n\n"
        "Dozens of homes were burned in a separate incident in Basra."
    )
    burned = next(e for e in evs if e.explain["trigger"] == "burned")
    assert burned.actor1 is None
    evs = events("Iran sent weapons to the Badr Organization in June. Dozens of homes were burned.")
    burned = next(e for e in evs if e.explain["trigger"] == "burned")
    assert burned.actor1 is None


def test_an_unnamed_target_is_the_community_the_passage_is_about() -> None:
    evs = events(
        "Yazidis in the Sinjar district have suffered for two years. "
        "Gunmen executed eleven men in the village on Monday."
    )
    executed = next(e for e in evs if e.explain["trigger"] == "executed")
    assert executed.actor2 is not None and "Yazidi" in executed.actor2


def test_the_first_of_coordinated_subjects_leads() -> None:
    [e] = [
        e
        for e in events("Iran's Quds Force and the Badr Organization expelled Sunni families.")
        if e.type == "COERCE"
    ]
    assert e.actor1 == "Quds Force"


def test_the_subject_of_spending_or_providing_is_the_giver() -> None:
    [e] = [
        e
        for e in events("Iran has spent more than $1 billion on military aid since 2014.")
        if e.type == "AID"
    ]
    assert e.actor1 == "Iran"
    assert e.explain["actor1"] == "nominal: subject of the light verb"


def test_with_names_the_counterpart_of_a_meeting_not_of_an_attack() -> None:
    [meet] = events("Haidar al-Abadi met with Masoud Barzani in Erbil on Monday.")
    assert meet.actor2 == "Masoud Barzani"
    [attack] = [
        e
        for e in events("Islamic State attacked Tikrit with help from Ansar al-Islam on Monday.")
        if e.type == "ASSAULT"
    ]
    assert attack.actor2 != "Ansar al-Islam"


def test_supporters_of_a_leader_act_as_the_movement_he_leads() -> None:
    [e] = [
        e
        for e in events("Supporters of Muqtada al-Sadr stormed the parliament on Saturday.")
        if e.type == "PROTEST"
    ]
    assert e.actor1 == "Sadrist Movement"
    assert e.explain["actor1"].startswith("active")


def test_they_after_confirmed_in_the_past_that_is_the_speaker() -> None:
    [e] = [
        e
        for e in events(
            "Iranian leaders have confirmed in the past that they trained the militias."
        )
        if e.type == "AID"
    ]
    assert e.actor1 == "Iran"


def test_a_warning_reaches_past_a_long_noun_phrase() -> None:
    [e] = [
        e
        for e in events(
            "The Kurdistan Regional Government warns of the growing presence of the "
            "feared revolutionary guards of the Quds Force in Kirkuk."
        )
        if e.type == "ACCUSE"
    ]
    assert e.actor2 == "Quds Force"


def test_the_target_of_a_conditional_threat_is_the_subject_of_the_condition() -> None:
    [e] = [
        e
        for e in events(
            "Turkey has warned that if the PKK enters Sinjar, Turkish troops will follow."
        )
        if e.type == "THREATEN"
    ]
    assert e.actor1 == "Turkey"
    assert e.actor2 == "Kurdistan Workers' Party"
    assert e.explain["actor2"] == "threat: the subject of its condition"


def test_a_determiner_gives_the_noun_reading_of_a_verb_noun_trigger() -> None:
    [e] = [e for e in events("The murder of two clerics in Basra on Monday shocked the city.")]
    assert e.explain["trigger_pos"] == "noun"


def test_a_pronoun_in_a_fronted_gerund_clause_looks_ahead_to_the_subject() -> None:
    [e] = [
        e
        for e in events(
            "By granting its blessing to militias who commit abuses, the Iraqi government "
            "has encouraged more killings."
        )
        if e.type == "SUPPORT"
    ]
    assert e.actor1 == "Government of Iraq"


def test_coordinated_verbs_after_a_pronoun_subject_share_it() -> None:
    evs = events(
        "Militias entered the town on Monday. "
        "They detain old men, forcibly displace the families, and kill them at night."
    )
    kill = next(e for e in evs if e.explain["trigger"] == "kill")
    assert kill.actor1 == "militias"


def test_a_name_then_a_verb_in_s_is_a_verb_not_a_noun() -> None:
    [e] = [
        e
        for e in events(
            "The Kurdistan Regional Government warns of the presence of the Quds Force in Kirkuk."
        )
        if e.type == "ACCUSE"
    ]
    assert e.explain["trigger_pos"] == "verb"
    assert e.actor2 == "Quds Force"


def test_a_place_is_retaken_from_its_holder() -> None:
    [e] = [
        e
        for e in events(
            "Iraqi forces began an operation to recapture Mosul from its occupation by the "
            "Islamic State."
        )
        if e.type == "ASSAULT"
    ]
    assert e.actor2 == "Islamic State"
    assert e.explain["actor2"] == "capture: who it was taken from"


def test_remains_designated_is_a_passive() -> None:
    [e] = [
        e
        for e in events(
            "Iran remains designated as a state sponsor of terrorism by the United States."
        )
        if e.type == "SANCTION"
    ]
    assert (e.actor1, e.actor2) == ("United States", "Iran")


def test_talks_with_name_the_counterpart() -> None:
    [e] = [
        e
        for e in events(
            "Haidar al-Abadi opened talks with the Kurdistan Regional Government in Erbil on Monday."
        )
        if e.type == "CONSULT"
    ]
    assert e.actor2 == "Kurdistan Regional Government"


def test_this_militia_points_back_to_the_armed_group_just_named() -> None:
    [e] = [
        e
        for e in events(
            "Asa'ib Ahl al-Haq grew quickly after 2011. "
            "This militia was once a leading killer of American troops."
        )
        if e.type == "ASSAULT"
    ]
    assert e.actor1 == "Asa'ib Ahl al-Haq"


def test_a_verb_between_a_name_and_the_event_noun_breaks_the_modifier_reading() -> None:
    [e] = [
        e
        for e in events("Iran fears the rise of the Sunni tribes against Baghdad in Anbar.")
        if e.type == "PROTEST"
    ]
    assert e.actor1 == "Sunni tribes"


def test_an_outlet_that_unveils_an_attack_did_not_carry_it_out() -> None:
    [e] = [
        e
        for e in events("Al Jazeera unveiled the bombing of Sunni areas by militias in Diyala.")
        if e.type == "ASSAULT"
    ]
    assert e.actor1 == "militias"


def test_they_is_the_subject_of_the_sentence_before() -> None:
    evs = events(
        "Kata'ib Hezbollah fighters attacked Tal Afar on Monday. "
        "The Sunni tribal fighters of Anbar were brought to the negotiating table by the "
        "Americans. They agreed to support the Baghdad government in return for jobs."
    )
    [agree] = [e for e in evs if e.type == "AGREE"]
    assert agree.actor1 == "Sunni tribes"


def test_the_iraqis_as_recipients_stand_for_the_state() -> None:
    [e] = [
        e
        for e in events("The Quds Force is there to offer advice and training to the Iraqis.")
        if e.type == "AID"
    ]
    assert e.actor2 == "Government of Iraq"


def test_using_a_weapon_makes_the_user_the_doer() -> None:
    [e] = [
        e
        for e in events(
            "ISIS has plans to use chemical weapons against Peshmerga units near Mosul."
        )
        if e.type == "ASSAULT"
    ]
    assert e.actor1 == "Islamic State"
    assert e.status == "planned"


def test_unnamed_families_are_of_the_community_the_passage_names() -> None:
    evs = events("Yazidis in Sinjar fear the militias. The militias arrested the families at dawn.")
    [arrest] = [e for e in evs if e.type == "COERCE"]
    assert arrest.actor2 == "Yazidi community"


def test_a_trigger_word_inside_a_name_is_no_event() -> None:
    evs = events("The Popular Mobilization Forces held a parade in Baghdad on Monday.")
    assert not any(e.explain["trigger"].lower() == "mobilization" for e in evs)


def test_the_holder_of_a_checkpoint_that_is_attacked_is_the_target() -> None:
    [e] = [
        e
        for e in events(
            "Gunmen opened fire on a checkpoint manned by the Popular Mobilization Forces "
            "near Tarmiyah on Sunday."
        )
        if e.type == "ASSAULT"
    ]
    assert (e.actor1, e.actor2) == ("gunmen", "Popular Mobilization Forces")


def test_a_claim_of_responsibility_names_the_doer_of_the_attack_just_told() -> None:
    evs = events(
        "A car bomb exploded at a market in Sadr City on Tuesday, killing nine people. "
        "Islamic State claimed responsibility for the attack in a statement."
    )
    [bomb] = [e for e in evs if e.type == "ASSAULT"]
    assert bomb.actor1 == "Islamic State"
    assert bomb.explain["actor1"] == "claimed responsibility in a later sentence"


def test_an_advance_toward_a_place_is_a_movement_of_forces() -> None:
    [e] = [e for e in events("Iraqi troops advanced on Mosul from the south on Monday.")]
    assert (e.type, e.mode) == ("MOBILIZE", "advance")
    assert not events("The two delegations had planned the summit in advance of the vote.")


def test_a_states_warplanes_are_its_armed_forces() -> None:
    [e] = [
        e
        for e in events("Turkish warplanes struck PKK positions in the Qandil mountains overnight.")
        if e.type == "ASSAULT"
    ]
    assert (e.actor1, e.actor2) == ("Turkish Armed Forces", "Kurdistan Workers' Party")
    [e] = [
        e
        for e in events("US AV-8B Harrier jets bombed ISIS positions near Fallujah.")
        if e.type == "ASSAULT"
    ]
    assert e.actor1 == "United States Armed Forces"


def test_rockets_that_landed_are_an_attack() -> None:
    [e] = events("Two rockets landed near the US embassy in Baghdad late on Sunday.")
    assert (e.type, e.mode) == ("ASSAULT", "missile attack")


def test_the_forces_a_deployment_sends_are_not_its_target() -> None:
    [e] = [
        e
        for e in events("The Iraqi government plans to deploy 5,000 troops to Sinjar next month.")
        if e.type == "MOBILIZE"
    ]
    assert e.actor2 is None
    assert e.status == "planned"


def test_a_speech_act_is_credited_to_its_speaker_or_to_who_reports_it() -> None:
    [e] = [
        e
        for e in events("The Badr Organization warned Turkey against sending troops to Bashiqa.")
        if e.type in ("ACCUSE", "THREATEN")
    ]
    assert e.attributed_to == "Badr Organization"
    [e] = [
        e
        for e in events(
            "Amnesty International said the Badr Organization had warned Turkey against "
            "sending troops to Bashiqa."
        )
        if e.type in ("ACCUSE", "THREATEN")
    ]
    assert e.attributed_to == "Amnesty International"


def test_who_orders_an_inquiry_into_a_killing_did_not_kill() -> None:
    evs = events(
        "Prime Minister Mustafa al-Kadhimi ordered an investigation into the killing of "
        "protesters in Nasiriyah."
    )
    assert not any(e.actor1 == "Mustafa al-Kadhimi" and e.type == "ASSAULT" for e in evs)


def test_a_death_sentence_is_coercion() -> None:
    [e] = [e for e in events("A court in Baghdad sentenced three men to death on Sunday.")]
    assert (e.type, e.mode) == ("COERCE", "sentence")


def test_what_an_accusation_charges_is_claimed() -> None:
    evs = events(
        "Residents accused the Kata'ib Hezbollah militia of kidnapping a local journalist."
    )
    [accuse] = [e for e in evs if e.type == "ACCUSE"]
    [kidnap] = [e for e in evs if e.type == "ASSAULT"]
    assert accuse.status == "asserted"
    assert kidnap.status == "claimed" and kidnap.actor1 == "Kata'ib Hezbollah"


def test_a_capital_after_a_warning_or_a_call_is_its_government() -> None:
    [warn] = [
        e
        for e in events("Washington warned Baghdad against buying Russian jets.")
        if e.type in ("ACCUSE", "THREATEN")
    ]
    assert warn.actor2 == "Government of Iraq"
    [call] = [
        e
        for e in events("The Kurdistan Regional Government called on Baghdad to pay the salaries.")
        if e.type == "REQUEST"
    ]
    assert call.actor2 == "Government of Iraq"
    assert call.explain["actor2"] == "capital after the verb: its government"


def test_weapons_sent_are_aid_not_a_deployment() -> None:
    [e] = events("Tehran sent weapons to the Houthis in Yemen last year.")
    assert (e.type, e.actor1, e.actor2) == ("AID", "Iran", "Houthis")
    [e] = events("Iran sent 300 advisers to Samarra in June.")
    assert e.type == "MOBILIZE"


def test_the_militants_point_back_and_fleeing_names_who_is_fled() -> None:
    evs = events(
        "Hundreds of families fled villages south of Kirkuk after Islamic State militants "
        "launched night raids. The militants attacked three villages near Daquq on Thursday."
    )
    fled = next(e for e in evs if e.explain["trigger"] == "fled")
    assert fled.actor1 == "Islamic State"
    attacked = next(e for e in evs if e.explain["trigger"] == "attacked")
    assert attacked.actor1 == "Islamic State"


def test_a_passive_subject_is_not_the_speaker_of_the_sentence() -> None:
    [e] = [
        e
        for e in events("The Iraqi army said on Monday that four suspects had been detained.")
        if e.type == "COERCE"
    ]
    assert e.actor2 is None


def test_fleeing_before_someone_arrives_does_not_target_them() -> None:
    evs = events("The attackers fled before security forces arrived in Daquq.")
    assert all(e.actor2 is None for e in evs if e.type == "RETREAT")


def test_a_device_that_struck_names_its_target() -> None:
    [e] = [
        e
        for e in events("A roadside bomb struck a Popular Mobilization Forces convoy near Samarra.")
        if e.type == "ASSAULT"
    ]
    assert e.actor2 == "Popular Mobilization Forces"


def test_counted_people_act_and_gathered_protesters_protest() -> None:
    [e] = events("Hundreds of protesters gathered in Tahrir Square on Friday to demand jobs.")[:1]
    assert (e.type, e.actor1) == ("PROTEST", "protesters")
    [e] = [
        e
        for e in events("Dozens of Kata'ib Hezbollah fighters stormed the compound on Tuesday.")
        if e.type == "ASSAULT"
    ]
    assert e.actor1 == "Kata'ib Hezbollah"


def test_protesters_make_a_riot_only_as_the_doers() -> None:
    [e] = events("Militias attacked hundreds of protesters in Tahrir Square on Friday.")
    assert (e.type, e.actor1, e.actor2) == ("ASSAULT", "militias", "protesters")
    [e] = events("Protesters stormed the parliament building in Baghdad on Saturday.")
    assert e.type == "PROTEST"
